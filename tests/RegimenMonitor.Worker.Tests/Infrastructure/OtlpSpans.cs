using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>One span as exported over OTLP, decoded from the protobuf bytes the real exporter sent.</summary>
internal sealed record OtlpSpan(
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    int Kind,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<(string TraceId, string SpanId)> Links,
    IReadOnlyDictionary<string, string> Resource);

/// <summary>
/// A minimal reader of <c>ExportTraceServiceRequest</c> (opentelemetry/proto/collector/trace/v1): enough of the
/// protobuf wire format to list spans with their scope, ids, name, attributes, links and resource. Field numbers are
/// those of the OTLP .proto files.
/// </summary>
internal static class OtlpSpans
{
    public static List<OtlpSpan> Decode(byte[] exportTraceServiceRequest)
    {
        var spans = new List<OtlpSpan>();
        foreach (var resourceSpans in Fields(exportTraceServiceRequest).Where(f => f.Number == 1))
        {
            var resource = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var field in Fields(resourceSpans.Bytes))
            {
                if (field.Number == 1)
                {
                    foreach (var attribute in Fields(field.Bytes).Where(a => a.Number == 1))
                    {
                        var (key, value) = KeyValue(attribute.Bytes);
                        resource[key] = value;
                    }
                }
            }

            foreach (var scopeSpans in Fields(resourceSpans.Bytes).Where(f => f.Number == 2))
            {
                var scope = string.Empty;
                foreach (var field in Fields(scopeSpans.Bytes))
                {
                    if (field.Number == 1)
                    {
                        scope = Fields(field.Bytes).Where(s => s.Number == 1).Select(s => Utf8(s.Bytes)).FirstOrDefault() ?? string.Empty;
                    }
                    else if (field.Number == 2)
                    {
                        spans.Add(Span(scope, field.Bytes, resource));
                    }
                }
            }
        }

        return spans;
    }

    private static OtlpSpan Span(string scope, ReadOnlyMemory<byte> bytes, IReadOnlyDictionary<string, string> resource)
    {
        string traceId = string.Empty, spanId = string.Empty, parent = string.Empty, name = string.Empty;
        var kind = 0;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var links = new List<(string, string)>();
        foreach (var field in Fields(bytes))
        {
            switch (field.Number)
            {
                case 1: traceId = Hex(field.Bytes); break;
                case 2: spanId = Hex(field.Bytes); break;
                case 4: parent = Hex(field.Bytes); break;
                case 5: name = Utf8(field.Bytes); break;
                case 6: kind = (int)field.Varint; break;
                case 9:
                    var (key, value) = KeyValue(field.Bytes);
                    attributes[key] = value;
                    break;
                case 13:
                    string linkTrace = string.Empty, linkSpan = string.Empty;
                    foreach (var l in Fields(field.Bytes))
                    {
                        if (l.Number == 1)
                        {
                            linkTrace = Hex(l.Bytes);
                        }
                        else if (l.Number == 2)
                        {
                            linkSpan = Hex(l.Bytes);
                        }
                    }

                    links.Add((linkTrace, linkSpan));
                    break;
            }
        }

        return new OtlpSpan(scope, traceId, spanId, parent, name, kind, attributes, links, resource);
    }

    private static (string Key, string Value) KeyValue(ReadOnlyMemory<byte> bytes)
    {
        string key = string.Empty, value = string.Empty;
        foreach (var field in Fields(bytes))
        {
            if (field.Number == 1)
            {
                key = Utf8(field.Bytes);
            }
            else if (field.Number == 2)
            {
                value = AnyValue(field.Bytes);
            }
        }

        return (key, value);
    }

    /// <summary>AnyValue as text: strings as they are, numbers invariant, arrays joined with ','.</summary>
    private static string AnyValue(ReadOnlyMemory<byte> bytes)
    {
        foreach (var field in Fields(bytes))
        {
            return field.Number switch
            {
                1 => Utf8(field.Bytes),
                2 => field.Varint != 0 ? "true" : "false",
                3 => ((long)field.Varint).ToString(CultureInfo.InvariantCulture),
                4 => BitConverter.Int64BitsToDouble((long)field.Varint).ToString(CultureInfo.InvariantCulture),
                5 => string.Join(',', Fields(field.Bytes).Where(v => v.Number == 1).Select(v => AnyValue(v.Bytes))),
                7 => Hex(field.Bytes),
                _ => string.Empty,
            };
        }

        return string.Empty;
    }

    private static string Utf8(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    private static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(bytes.Span);

    private readonly record struct Field(int Number, ulong Varint, ReadOnlyMemory<byte> Bytes);

    private static List<Field> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<Field>();
        var span = message.Span;
        var position = 0;
        while (position < span.Length)
        {
            var tag = ReadVarint(span, ref position);
            var number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    fields.Add(new Field(number, ReadVarint(span, ref position), ReadOnlyMemory<byte>.Empty));
                    break;
                case 1:
                    fields.Add(new Field(number, BinaryPrimitives.ReadUInt64LittleEndian(span[position..]), message.Slice(position, 8)));
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(span, ref position);
                    fields.Add(new Field(number, 0, message.Slice(position, length)));
                    position += length;
                    break;
                case 5:
                    fields.Add(new Field(number, BinaryPrimitives.ReadUInt32LittleEndian(span[position..]), message.Slice(position, 4)));
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"unsupported protobuf wire type in tag {tag}");
            }
        }

        return fields;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = span[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
    }
}
