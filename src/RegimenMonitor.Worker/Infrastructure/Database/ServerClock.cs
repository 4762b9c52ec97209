using System.Data.Common;

namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>Compares a host's clock with the database server's, over an open connection.</summary>
internal static class ServerClock
{
    /// <summary>
    /// One reading, taken at the middle of the round trip, so good to half of it: the server's time, the host's clock and
    /// the host's monotonic timestamp then.
    /// </summary>
    internal readonly record struct Reading(DateTimeOffset ServerTime, DateTimeOffset HostTime, long Timestamp)
    {
        /// <summary>How far the host's clock is from the server's (positive: the host ahead).</summary>
        public TimeSpan Skew => HostTime - ServerTime;
    }

    /// <summary>Reads the server's clock with <paramref name="clockQuery"/>; null when its answer is no time.</summary>
    public static async Task<Reading?> ReadAsync(DbConnection connection, string clockQuery, TimeProvider host, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(host);
        await using var command = connection.CreateCommand();
        command.CommandText = clockQuery;
        var before = host.GetUtcNow();
        var startedAt = host.GetTimestamp();
        var value = await command.ExecuteScalarAsync(ct);
        var after = host.GetUtcNow();
        var endedAt = host.GetTimestamp();
        DateTimeOffset? server = value switch
        {
            DateTimeOffset offset => offset.ToUniversalTime(),
            DateTime time => new DateTimeOffset(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc)),
            _ => null,
        };
        return server is null ? null : new Reading(server.Value, before + ((after - before) / 2), startedAt + ((endedAt - startedAt) / 2));
    }
}
