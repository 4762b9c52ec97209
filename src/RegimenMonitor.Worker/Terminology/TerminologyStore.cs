using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Terminology;

/// <summary>
/// The terminology in the database: <c>terminology_codes</c> (code → product text per code system) and
/// <c>terminology_imports</c> (one row per import; the newest id names the terminology in force).
/// </summary>
internal static class TerminologyStore
{
    /// <summary>The newest import's id, 0 when nothing was imported. One indexed query (the primary key's maximum).</summary>
    public static async Task<long> LatestImportIdAsync(RegimenDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Set<TerminologyImport>().MaxAsync(i => (long?)i.Id, ct) ?? 0;
    }

    /// <summary>Every stored code, as the map of import <paramref name="importId"/>.</summary>
    public static async Task<TerminologyMap> LoadAsync(RegimenDbContext db, long importId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rxnorm = new Dictionary<string, string>(StringComparer.Ordinal);
        var ndc = new Dictionary<string, string>(StringComparer.Ordinal);
        // a plain reader: hundreds of thousands of rows, no entities needed
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "SELECT code_system, code, product_text FROM terminology_codes";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                (reader.GetString(0) == TerminologyCode.RxNorm ? rxnorm : ndc)[reader.GetString(1)] = reader.GetString(2);
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }

        return new TerminologyMap(rxnorm, ndc, importId);
    }

    /// <summary>
    /// Replaces the codes of each given system (null: that system's codes are kept; empty: refused) and records the import, in one
    /// transaction: readers see the previous terminology or the new one, never a mix. the dialect loads the codes (PostgreSQL: binary
    /// COPY; the others: multi-row INSERTs). <paramref name="progress"/> gets the number of codes written so far.
    /// </summary>
    public static async Task<TerminologyImport> ReplaceAsync(RegimenDbContext db, IReadOnlyDictionary<string, string>? rxnorm,
        IReadOnlyDictionary<string, string>? ndc, string sources, DateTimeOffset now, IProgress<long>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (rxnorm is { Count: 0 } || ndc is { Count: 0 })
        {
            // replacing a code system with nothing deletes it: never committed (the verb refuses such a file first)
            throw new ArgumentException("an import replaces a code system only with codes; leave an empty part out (null) to keep it.",
                rxnorm is { Count: 0 } ? nameof(rxnorm) : nameof(ndc));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var dbTransaction = transaction.GetDbTransaction();
        long written = 0;
        foreach (var (system, codes) in new[] { (TerminologyCode.RxNorm, rxnorm), (TerminologyCode.Ndc, ndc) })
        {
            if (codes is null)
            {
                continue;
            }

            await db.Set<TerminologyCode>().Where(c => c.CodeSystem == system).ExecuteDeleteAsync(ct);
            written = await db.Dialect.WriteTerminologyCodesAsync(connection, dbTransaction, system, codes, written, progress, ct);
        }

        var counts = await db.Set<TerminologyCode>().GroupBy(c => c.CodeSystem).Select(g => new { System = g.Key, Count = g.Count() }).ToListAsync(ct);
        var import = new TerminologyImport
        {
            ImportedAt = now,
            Sources = sources.Length <= 2000 ? sources : sources[..1997] + "...",
            RxnormCount = counts.FirstOrDefault(c => c.System == TerminologyCode.RxNorm)?.Count ?? 0,
            NdcCount = counts.FirstOrDefault(c => c.System == TerminologyCode.Ndc)?.Count ?? 0,
        };
        db.Add(import);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return import;
    }
}
