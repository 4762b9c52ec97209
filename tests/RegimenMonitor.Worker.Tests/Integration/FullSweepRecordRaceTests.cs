using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// Two workers starting together on a new database both record its rule set as swept: the second insert waits for the
/// first transaction and then writes nothing, with no key violation. Before, EF Core's insert failed on the key and
/// logged an Error with its stack at a normal rolling start (an independent fault probe). SQL Server's case is in
/// <see cref="SqlServerTests"/>.
/// </summary>
public sealed class FullSweepRecordRaceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stamp_recorded_by_another_transaction_meanwhile_is_left_as_it_wrote_it_on_postgresql()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        using var host = database.ToolHost();
        await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(Ct);
        await RaceAsync(host);
    }

    /// <summary>
    /// The first transaction records the stamp; the second, begun before the first commits, waits for it, writes nothing and
    /// does not fail; the first one's row stays.
    /// </summary>
    internal static async Task RaceAsync(IHost host)
    {
        await using var firstScope = host.Services.CreateAsyncScope();
        await using var secondScope = host.Services.CreateAsyncScope();
        var first = firstScope.ServiceProvider.GetRequiredService<RegimenDbContext>();
        var second = secondScope.ServiceProvider.GetRequiredService<RegimenDbContext>();
        var at = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        const string stamp = "2027.1.50+terminology.0";

        await using var firstTransaction = await first.Database.BeginTransactionAsync(Ct);
        Assert.True(await first.Dialect.RecordFullSweepAsync(first, new FullSweep { Stamp = stamp, CompletedAt = at, Regimens = 0 }, Ct));
        await using var secondTransaction = await second.Database.BeginTransactionAsync(Ct);
        var racing = second.Dialect.RecordFullSweepAsync(second, new FullSweep { Stamp = stamp, CompletedAt = at.AddSeconds(1), Regimens = 7 }, Ct);
        await Task.Delay(300, Ct);
        Assert.False(racing.IsCompleted, "the second insert waited for the first transaction");
        await firstTransaction.CommitAsync(Ct);

        Assert.False(await racing, "the second insert wrote nothing");
        await secondTransaction.CommitAsync(Ct);
        var row = Assert.Single(await second.FullSweeps.AsNoTracking().ToListAsync(Ct));
        Assert.Equal((stamp, at, 0L), (row.Stamp, row.CompletedAt, row.Regimens));
    }
}
