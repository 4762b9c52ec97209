using System.Globalization;
using System.Text.Json;

namespace RegimenMonitor.Worker.Terminology;

/// <summary>
/// Code → product text: the database's terminology as of import <see cref="ImportId"/> (written by <c>terminology
/// import</c>, loaded by <see cref="TerminologyCatalog"/>), or a JSON file (<c>terminology import --out</c>, read by
/// <c>evaluate</c> through <c>Terminology:Path</c>). Empty when nothing was imported. Immutable and thread-safe.
/// </summary>
internal sealed class TerminologyMap
{
    private readonly Dictionary<string, string> _rxnorm;
    private readonly Dictionary<string, string> _ndc;
    private string? _stamp;

    public TerminologyMap(Dictionary<string, string> rxnorm, Dictionary<string, string> ndc, long importId = 0)
    {
        // keyed as events' codes are read: a padded RxCUI ("0312938") of a hand-written file or an older import is 312938
        // (a review: events are read without the zeros, so such a key was never found)
        _rxnorm = rxnorm.Keys.Any(k => k.Length > 1 && k[0] == '0')
            ? rxnorm.Select(p => (Key: TerminologyFiles.CanonicalRxNorm(p.Key)!, p.Value)).DistinctBy(p => p.Key, StringComparer.Ordinal)
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
            : rxnorm;
        _ndc = ndc;
        ImportId = importId;
    }

    public static TerminologyMap Empty { get; } = new(new(StringComparer.Ordinal), new(StringComparer.Ordinal));

    /// <summary>The database import this map is (<c>terminology_imports.id</c>); 0 for an empty map or a file.</summary>
    public long ImportId { get; }

    public int RxNormCount => _rxnorm.Count;

    public int NdcCount => _ndc.Count;

    public IReadOnlyDictionary<string, string> RxNorm => _rxnorm;

    public IReadOnlyDictionary<string, string> Ndc => _ndc;

    /// <summary>
    /// What <c>regimen_items.normalised_with</c> records for an item mapped with this map under
    /// <paramref name="ruleSetVersion"/>: the version, plus the import once there is one ("2026.12.1+terminology.7"),
    /// so items stored before an import are normalised again. Computed once per map (it is read per item).
    /// </summary>
    public string Stamp(string ruleSetVersion)
    {
        ArgumentNullException.ThrowIfNull(ruleSetVersion);
        if (ImportId == 0)
        {
            return ruleSetVersion;
        }

        var stamp = _stamp;
        if (stamp is null || stamp.Length <= ruleSetVersion.Length || stamp[ruleSetVersion.Length] != '+' || !stamp.StartsWith(ruleSetVersion, StringComparison.Ordinal))
        {
            _stamp = stamp = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ruleSetVersion}+terminology.{ImportId}");
        }

        return stamp;
    }

    /// <summary>The product text for an RxCUI or an NDC (package, then product level), or null.</summary>
    public string? TextFor(string? rxnorm, string? ndc)
    {
        if (!string.IsNullOrWhiteSpace(rxnorm) && _rxnorm.TryGetValue(TerminologyFiles.CanonicalRxNorm(rxnorm.Trim())!, out var byRxNorm))
        {
            return byRxNorm;
        }

        if (TerminologyFiles.CanonicalNdc(ndc) is { } package)
        {
            if (_ndc.TryGetValue(package, out var byPackage))
            {
                return byPackage;
            }

            if (_ndc.TryGetValue(package[..9], out var byProduct))
            {
                return byProduct;
            }
        }

        return null;
    }

    /// <summary>What a terminology file holds, for the messages about one that does not.</summary>
    private const string Shape = """one JSON object {"RxNorm": {"<RxCUI>": "<product text>", …}, "Ndc": {"<NDC>": "<product text>", …}}, as terminology import --out writes it""";

    /// <summary>A map written by <see cref="SaveAsync"/>; empty when the file does not exist.</summary>
    public static TerminologyMap Load(string path)
    {
        if (!File.Exists(path))
        {
            return Empty;
        }

        var full = Path.GetFullPath(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new TerminologyFileException($"cannot read the terminology file '{full}': permission denied.", ex);
        }

        TerminologyFile? file;
        try
        {
            using var stream = new MemoryStream(bytes);
            file = JsonSerializer.Deserialize<TerminologyFile>(stream, FileOptions);
        }
        catch (JsonException ex)
        {
            throw NotTerminology(full, bytes, ex);
        }

        if (file is null)
        {
            throw new TerminologyFileException($"the terminology file '{full}' is not terminology JSON: it holds null; expected {Shape}.", new InvalidDataException(path));
        }

        if (file.RxNorm is null && file.Ndc is null)
        {
            // {} or an object of other fields only: not a map, whatever else it is
            throw new TerminologyFileException($"the terminology file '{full}' is not terminology JSON: it has neither \"RxNorm\" nor \"Ndc\"; expected {Shape}.", new InvalidDataException(path));
        }

        // what import writes, checked as import checks it: a hand-edited map is held to the same rules
        foreach (var (system, entries, isCode) in new (string, Dictionary<string, string>?, Func<string, bool>)[]
        {
            ("RxNorm", file.RxNorm, code => code.Length is > 0 and <= 10 && code.All(char.IsAsciiDigit)),
            // a package NDC in 11 digits (5-4-2), a product NDC in 9 (5-4), as import writes them
            ("Ndc", file.Ndc, code => code.Length is 9 or 11 && code.All(char.IsAsciiDigit)),
        })
        {
            var index = 0;
            foreach (var (code, text) in entries ?? [])
            {
                index++;
                var problem = !isCode(code) ? (system == "Ndc" ? "the code is not an NDC (11 digits for a package, 9 for a product)" : "the code is not an RxCUI (1 to 10 digits, as an event's medication.rxnorm)")
                    : text is null ? "the product text is null"
                    : TerminologyFiles.NameProblem(text, "the product text");
                if (problem is not null)
                {
                    throw new TerminologyFileException(string.Create(CultureInfo.InvariantCulture,
                        $"the terminology file '{full}' is not terminology JSON: entry {index} of \"{system}\": {problem}; expected {Shape}."), new InvalidDataException(path));
                }
            }
        }

        return new TerminologyMap(new(file.RxNorm ?? [], StringComparer.Ordinal), new(file.Ndc ?? [], StringComparer.Ordinal));
    }

    // a field the map does not have (an event line given by mistake) is refused with its JSON path, never ignored
    // and a code given twice is refused too (the reader would keep the last without a word)
    private static readonly JsonSerializerOptions FileOptions = new()
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    // where the file went wrong and what it must look like, in our words: System.Text.Json's messages name .NET types
    private static TerminologyFileException NotTerminology(string full, byte[] bytes, JsonException ex)
    {
        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return new TerminologyFileException($"the terminology file '{full}' is empty; expected {Shape}.", ex);
        }

        // System.Text.Json reads a string's bytes only when it decodes it: find the first byte that is not UTF-8
        if (Infrastructure.Messaging.EventContract.InvalidUtf8Offset(bytes) is { } offset)
        {
            var line = bytes.AsSpan(0, offset).Count((byte)'\n') + 1;
            var start = bytes.AsSpan(0, offset).LastIndexOf((byte)'\n') + 1;
            return new TerminologyFileException(
                $"the terminology file '{full}' is not terminology JSON at line {line}, position {offset - start + 1}: not valid UTF-8 (byte 0x{bytes[offset]:X2}; save the file as UTF-8); expected {Shape}.", ex);
        }

        string where;
        try
        {
            using var stream = new MemoryStream(bytes);
            using var document = JsonDocument.Parse(stream);
            // valid JSON of another shape: the deserializer's line and JSON path say where
            where = $"at line {(ex.LineNumber ?? 0) + 1}" + (ex.Path is { Length: > 0 } json ? $" ({json})" : "");
        }
        catch (JsonException syntax)
        {
            where = $"at line {(syntax.LineNumber ?? 0) + 1}, position {(syntax.BytePositionInLine ?? 0) + 1}: {SyntaxProblem(bytes)}";
        }

        return new TerminologyFileException($"the terminology file '{full}' is not terminology JSON {where}; expected {Shape}.", ex);
    }

    // what kind of syntax error (the bytes are UTF-8): a second value after the first (an NDJSON file), or JSON that
    // does not parse
    private static string SyntaxProblem(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            if (reader.Read() && reader.TrySkip() && reader.Read())
            {
                return "a second JSON value starts here (an NDJSON file, one value per line?), where the file must hold one JSON object";
            }
        }
        catch (JsonException)
        {
            // the first value itself does not parse
        }

        return "not valid JSON";
    }

    /// <summary>
    /// Writes the map to <paramref name="path"/>: to a temporary file beside it, then renamed over it, so a reader never
    /// sees half a map. A symbolic link is followed (the file it names is replaced, the link stays: a deployment may
    /// point <c>Terminology:Path</c> at a shared file through one); the verb has refused a path that is not a regular
    /// file (a device, a pipe), which the rename would replace (found by an edge probe: <c>--out /dev/null</c> run as
    /// root replaced the device with the map).
    /// </summary>
    public async Task SaveAsync(string path, CancellationToken ct)
    {
        path = WrittenPath(path);
        var directory = Path.GetDirectoryName(path);
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var temporary = path + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, new TerminologyFile { RxNorm = _rxnorm, Ndc = _ndc }, cancellationToken: ct);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The full path <see cref="SaveAsync"/> writes for <paramref name="path"/>: the file a symbolic link names.</summary>
    internal static string WrittenPath(string path)
    {
        var file = new FileInfo(Path.GetFullPath(path));
        return file.LinkTarget is null ? file.FullName : file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file.FullName;
    }

    /// <summary>The stored form.</summary>
    internal sealed class TerminologyFile
    {
        public Dictionary<string, string>? RxNorm { get; set; }

        public Dictionary<string, string>? Ndc { get; set; }
    }
}
