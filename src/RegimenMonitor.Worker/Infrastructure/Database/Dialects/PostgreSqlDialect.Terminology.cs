using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace RegimenMonitor.Worker.Infrastructure.Database.Dialects;

internal sealed partial class PostgreSqlDialect
{
    /// <summary>Terminology codes by binary COPY, which joins the import's open transaction.</summary>
    public override async Task<long> WriteTerminologyCodesAsync(DbConnection connection, DbTransaction transaction, string system,
        IReadOnlyDictionary<string, string> codes, long written, IProgress<long>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(codes);
        // COPY joins the connection's open transaction
        await using var writer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
            "COPY terminology_codes (code_system, code, product_text) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var (code, text) in codes)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(system, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(code, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(text, NpgsqlDbType.Text, ct);
            if (++written % 10_000 == 0)
            {
                progress?.Report(written);
            }
        }

        await writer.CompleteAsync(ct);
        progress?.Report(written);
        return written;
    }
}
