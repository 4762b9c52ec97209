using System.Data.Common;

namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>Compares a host's clock with the database server's, over an open connection.</summary>
internal static class ServerClock
{
    /// <summary>
    /// How far <paramref name="host"/> is from the server's clock (positive: the host ahead), taken at the middle of the
    /// round trip, so good to half of it; null when the server's answer is no time.
    /// </summary>
    public static async Task<TimeSpan?> SkewAsync(DbConnection connection, string clockQuery, TimeProvider host, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(host);
        await using var command = connection.CreateCommand();
        command.CommandText = clockQuery;
        var before = host.GetUtcNow();
        var value = await command.ExecuteScalarAsync(ct);
        var after = host.GetUtcNow();
        DateTimeOffset? server = value switch
        {
            DateTimeOffset offset => offset.ToUniversalTime(),
            DateTime time => new DateTimeOffset(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc)),
            _ => null,
        };
        return server is null ? null : before + ((after - before) / 2) - server.Value;
    }
}
