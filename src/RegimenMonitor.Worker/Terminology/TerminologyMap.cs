using System.Text.Json;

namespace RegimenMonitor.Worker.Terminology;

/// <summary>
/// Code → product text from the last <c>terminology import</c> (a JSON file next to the database, path
/// <c>Terminology:Path</c>, default <c>data/terminology.json</c>). Empty when nothing was imported. Loaded once per
/// process; immutable and thread-safe.
/// </summary>
internal sealed class TerminologyMap
{
    public const string DefaultPath = "data/terminology.json";

    private readonly Dictionary<string, string> _rxnorm;
    private readonly Dictionary<string, string> _ndc;

    public TerminologyMap(Dictionary<string, string> rxnorm, Dictionary<string, string> ndc)
    {
        _rxnorm = rxnorm;
        _ndc = ndc;
    }

    public static TerminologyMap Empty { get; } = new(new(StringComparer.Ordinal), new(StringComparer.Ordinal));

    public int RxNormCount => _rxnorm.Count;

    public int NdcCount => _ndc.Count;

    /// <summary>This map with the given part(s) replaced.</summary>
    public TerminologyMap With(Dictionary<string, string>? rxnorm, Dictionary<string, string>? ndc) => new(rxnorm ?? _rxnorm, ndc ?? _ndc);

    /// <summary>The product text for an RxCUI or an NDC (package, then product level), or null.</summary>
    public string? TextFor(string? rxnorm, string? ndc)
    {
        if (!string.IsNullOrWhiteSpace(rxnorm) && _rxnorm.TryGetValue(rxnorm.Trim(), out var byRxNorm))
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

    public static TerminologyMap Load(string path)
    {
        if (!File.Exists(path))
        {
            return Empty;
        }

        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize<TerminologyFile>(stream)
            ?? throw new InvalidDataException($"{path}: not a terminology file");
        return new TerminologyMap(new(file.RxNorm ?? [], StringComparer.Ordinal), new(file.Ndc ?? [], StringComparer.Ordinal));
    }

    public async Task SaveAsync(string path, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
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

    /// <summary>The stored form.</summary>
    internal sealed class TerminologyFile
    {
        public Dictionary<string, string>? RxNorm { get; set; }

        public Dictionary<string, string>? Ndc { get; set; }
    }
}
