using RegimenMonitor.Worker.Terminology;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// <c>terminology import</c>: reads deployment-supplied RxNorm RRF and FDA NDC directory files and writes the code →
/// product text map the worker reads at start (a supplied part replaces that part of an earlier import, the other part
/// is kept). Exit 0 with counts; 2 for a missing or malformed file, naming it.
/// </summary>
internal static class TerminologyVerb
{
    public static async Task<int> ImportAsync(FileInfo? rxnconso, FileInfo? rxnrel, FileInfo? ndcProduct, FileInfo? ndcPackage, string output,
        TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (rxnconso is null && ndcProduct is null)
        {
            await stderr.WriteLineAsync("terminology import: give --rxnconso (RxNorm RXNCONSO.RRF) and/or --ndc-product (FDA NDC product.txt).");
            return 2;
        }

        foreach (var file in new[] { rxnconso, rxnrel, ndcProduct, ndcPackage }.OfType<FileInfo>())
        {
            if (!file.Exists)
            {
                await stderr.WriteLineAsync($"terminology import: file not found: {file.FullName}");
                return 2;
            }
        }

        var previous = TerminologyMap.Load(output);
        try
        {
            Dictionary<string, string>? rxnorm = null;
            Dictionary<string, string>? ndc = null;
            if (rxnconso is not null)
            {
                using var conso = rxnconso.OpenText();
                using var rel = rxnrel?.OpenText();
                rxnorm = TerminologyFiles.ReadRxNorm(conso, rel);
            }

            if (ndcProduct is not null)
            {
                using var product = ndcProduct.OpenText();
                using var package = ndcPackage?.OpenText();
                ndc = TerminologyFiles.ReadNdc(product, package);
            }

            var map = previous.With(rxnorm, ndc);
            await map.SaveAsync(output, ct);
            await stdout.WriteLineAsync($"terminology: {map.RxNormCount} RxNorm codes, {map.NdcCount} NDCs written to {output}");
            return 0;
        }
        catch (FormatException ex)
        {
            await stderr.WriteLineAsync($"terminology import: {ex.Message}");
            return 2;
        }
    }
}
