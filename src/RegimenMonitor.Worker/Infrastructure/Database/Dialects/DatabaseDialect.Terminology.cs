using System.Data.Common;
using System.Text;

namespace RegimenMonitor.Worker.Infrastructure.Database.Dialects;

internal abstract partial class DatabaseDialect
{
    /// <summary>Rows per multi-row INSERT of terminology codes (3 parameters each: under SQL Server's 2,100).</summary>
    private const int TerminologyInsertBatch = 500;

    /// <summary>
    /// Writes one code system's terminology codes inside <paramref name="transaction"/> (the import's), reporting the
    /// running count of codes written to <paramref name="progress"/>; returns that count. Multi-row INSERTs here;
    /// a dialect with a bulk path overrides it.
    /// </summary>
    public virtual async Task<long> WriteTerminologyCodesAsync(DbConnection connection, DbTransaction transaction, string system,
        IReadOnlyDictionary<string, string> codes, long written, IProgress<long>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(codes);
        foreach (var chunk in codes.Chunk(TerminologyInsertBatch))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder("INSERT INTO terminology_codes (code_system, code, product_text) VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append("(@s, @c").Append(i).Append(", @t").Append(i).Append(')');
                AddTerminologyParameter(command, "@c" + i, chunk[i].Key);
                AddTerminologyParameter(command, "@t" + i, chunk[i].Value);
            }

            AddTerminologyParameter(command, "@s", system);
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(ct);
            written += chunk.Length;
            progress?.Report(written);
        }

        return written;
    }

    private static void AddTerminologyParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
