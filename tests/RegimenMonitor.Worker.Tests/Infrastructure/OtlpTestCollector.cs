using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>What one OTLP export request carried: its signal (traces, metrics, logs), transport and protobuf body.</summary>
internal sealed record OtlpRequest(string Signal, string Path, string Protocol, string ContentType, byte[] Body);

/// <summary>
/// An OTLP receiver inside the test, on two free loopback ports: OTLP/HTTP (<c>http/protobuf</c>: POST /v1/traces,
/// /v1/metrics, /v1/logs) and OTLP/gRPC (HTTP/2 without TLS, unary <c>…Service/Export</c> calls). It keeps every
/// request body exactly as the worker's real OTLP exporter sent it.
/// </summary>
internal sealed class OtlpTestCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpRequest> _requests = new();

    private OtlpTestCollector(WebApplication app) => _app = app;

    /// <summary>Base endpoint for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> with <c>http/protobuf</c>.</summary>
    public Uri HttpEndpoint { get; private set; } = null!;

    /// <summary>Base endpoint for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> with <c>grpc</c>.</summary>
    public Uri GrpcEndpoint { get; private set; } = null!;

    public IReadOnlyList<OtlpRequest> Requests => [.. _requests];

    public static async Task<OtlpTestCollector> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1);
            k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        var collector = new OtlpTestCollector(app);
        app.Run(collector.HandleAsync);
        await app.StartAsync(ct);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        Assert.Equal(2, addresses.Count);
        // Kestrel binds (and reports) the listen options in the order they were added.
        collector.HttpEndpoint = new Uri(addresses[0]);
        collector.GrpcEndpoint = new Uri(addresses[1]);
        return collector;
    }

    /// <summary>Settings that turn the worker's export on towards this receiver.</summary>
    public Dictionary<string, string?> WorkerSettings(string protocol = "http/protobuf", string serviceName = "regimen-monitor-test") => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = (protocol == "grpc" ? GrpcEndpoint : HttpEndpoint).ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
        ["OTEL_SERVICE_NAME"] = serviceName,
        ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=test",
    };

    public IEnumerable<OtlpRequest> Signal(string signal) => Requests.Where(r => r.Signal == signal);

    public List<OtlpSpan> Spans() => Signal("traces").SelectMany(r => OtlpSpans.Decode(r.Body)).ToList();

    /// <summary>Every byte received, all signals, in arrival order.</summary>
    public byte[] AllBytes() => Requests.SelectMany(r => r.Body).ToArray();

    /// <summary>Polls until a span matches (the exporter batches); fails with what was received otherwise.</summary>
    public async Task<OtlpSpan> WaitForSpanAsync(Func<OtlpSpan, bool> match, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var span = Spans().FirstOrDefault(match);
            if (span is not null)
            {
                return span;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"no matching span received; got: {string.Join(", ", Spans().Select(s => $"{s.Scope}/{s.Name}").Distinct())}");
            }

            await Task.Delay(100, ct);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var path = context.Request.Path.Value ?? string.Empty;
        var contentType = context.Request.ContentType ?? string.Empty;
        if (contentType.StartsWith("application/grpc", StringComparison.Ordinal))
        {
            _requests.Enqueue(new OtlpRequest(GrpcSignal(path), path, context.Request.Protocol, contentType, UnframeGrpc(body)));
            context.Response.ContentType = "application/grpc";
            // one length-prefixed, uncompressed, empty Export*ServiceResponse, then the status trailer
            await context.Response.Body.WriteAsync(new byte[5], context.RequestAborted);
            context.Response.AppendTrailer("grpc-status", "0");
            return;
        }

        var signal = path switch
        {
            "/v1/traces" => "traces",
            "/v1/metrics" => "metrics",
            "/v1/logs" => "logs",
            _ => "unknown",
        };
        _requests.Enqueue(new OtlpRequest(signal, path, context.Request.Protocol, contentType, body));
        context.Response.StatusCode = signal == "unknown" ? StatusCodes.Status404NotFound : StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-protobuf";
    }

    private static string GrpcSignal(string path) => path switch
    {
        _ when path.Contains("TraceService", StringComparison.Ordinal) => "traces",
        _ when path.Contains("MetricsService", StringComparison.Ordinal) => "metrics",
        _ when path.Contains("LogsService", StringComparison.Ordinal) => "logs",
        _ => "unknown",
    };

    /// <summary>gRPC frames: 1 byte compressed flag, 4 bytes big-endian length, the message.</summary>
    private static byte[] UnframeGrpc(byte[] body)
    {
        using var messages = new MemoryStream();
        var position = 0;
        while (position + 5 <= body.Length)
        {
            Assert.Equal(0, body[position]);
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(position + 1, 4));
            messages.Write(body, position + 5, length);
            position += 5 + length;
        }

        return messages.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public override string ToString() =>
        new StringBuilder().AppendJoin(", ", Requests.GroupBy(r => r.Signal).Select(g => $"{g.Key}: {g.Count()}")).ToString();
}
