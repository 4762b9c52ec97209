using Npgsql;
using RegimenMonitor.Contracts;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>
/// A stream of distinct dispenses (each its own item, spread over patients, some published twice) and the counts that
/// say whether the database holds each exactly once: lost = published but not applied; applied twice = version bumps
/// beyond one per applied event (every applied event bumps its patient's version exactly once).
/// </summary>
internal sealed class DeliveryAudit(int events, int patients)
{
    private readonly List<(Guid Id, string Body)> _events = Enumerable.Range(0, events).Select(i =>
    {
        var id = Guid.NewGuid();
        return (id, Events.Dispense(id, $"PT-audit-{i % patients:000}", "Zoloft 50 mg tablet",
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            30, $"D-audit-{i}"));
    }).ToList();

    public int Count => _events.Count;

    /// <summary>Bodies to publish from <paramref name="from"/> on, every tenth twice (a redelivering publisher).</summary>
    public IEnumerable<string> Bodies(int from, int count) =>
        _events.Skip(from).Take(count).SelectMany((e, i) => i % 10 == 0 ? [e.Body, e.Body] : (string[])[e.Body]);

    public Task PublishAsync(string amqpUri, int from, int count, CancellationToken ct) =>
        AmqpPublisher.PublishAsync(amqpUri, MedicationDispensed.ExchangeName, Bodies(from, count), ct);

    /// <summary>Rows in the inbox, read straight from the database (null while it cannot be reached).</summary>
    public static async Task<long?> ProcessedAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM processed_events", connection);
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }
        catch (NpgsqlException)
        {
            return null; // not migrated yet, or restarting
        }
    }

    /// <summary>Polls until the inbox holds at least <paramref name="count"/> rows.</summary>
    public static async Task WaitForProcessedAsync(string connectionString, long count, TimeSpan timeout, CancellationToken ct, Func<string>? context = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        long? seen;
        while ((seen = await ProcessedAsync(connectionString, ct)) is null || seen < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out: {seen} of {count} events committed. {context?.Invoke()}");
            await Task.Delay(20, ct);
        }
    }

    /// <summary>Polls until the inbox holds at least <paramref name="count"/> rows; false when the timeout passed first.</summary>
    public static async Task<bool> TryWaitForProcessedAsync(string connectionString, long count, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await ProcessedAsync(connectionString, ct) is not { } seen || seen < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50, ct);
        }

        return true;
    }

    /// <summary>(lost, applied twice) for the whole stream.</summary>
    public async Task<(int Lost, long AppliedTwice)> CountAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var applied = new HashSet<Guid>();
        await using (var command = new NpgsqlCommand("SELECT event_id FROM processed_events", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                applied.Add(reader.GetGuid(0));
            }
        }

        var lost = _events.Count(e => !applied.Contains(e.Id));
        await using var versions = new NpgsqlCommand("SELECT coalesce(sum(version), 0), (SELECT count(*) FROM regimen_items) FROM patients", connection);
        await using var totals = await versions.ExecuteReaderAsync(ct);
        await totals.ReadAsync(ct);
        var versionSum = totals.GetInt64(0);
        var items = totals.GetInt64(1);
        // each applied event is one item and one version bump; more bumps or items than events means applied twice
        return (lost, Math.Max(versionSum, items) - applied.Count);
    }
}
