using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// Two workers creating the same new patient at the same moment on PostgreSQL (two replicas on one database): the second
/// takes the patient the first stored, with no unique violation. Before, it failed on the unique reference, its group was
/// decided again, and PostgreSQL's own log recorded the conflicting key, the patient id (found by an independent fault
/// probe).
/// </summary>
public sealed class PatientCreationRaceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_patient_created_by_another_transaction_meanwhile_is_taken_as_stored_without_a_conflict()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        using var host = database.ToolHost();
        await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(Ct);
        await using var firstScope = host.Services.CreateAsyncScope();
        await using var secondScope = host.Services.CreateAsyncScope();
        var first = firstScope.ServiceProvider.GetRequiredService<RegimenDbContext>();
        var second = secondScope.ServiceProvider.GetRequiredService<RegimenDbContext>();
        var now = DateTimeOffset.UtcNow;
        PatientRecord New() => new() { PatientRef = "PT-race", SurrogateKey = Guid.NewGuid(), CreatedAt = now, UpdatedAt = now };

        await using var firstTransaction = await first.Database.BeginTransactionAsync(Ct);
        var created = Assert.Single(await first.Dialect.CreatePatientsAsync(first, [New()], Ct));
        await using var secondTransaction = await second.Database.BeginTransactionAsync(Ct);
        // the second insert waits for the first transaction, then finds the patient it stored
        var racing = second.Dialect.CreatePatientsAsync(second, [New()], Ct);
        await Task.Delay(300, Ct);
        Assert.False(racing.IsCompleted, "the second insert waited for the first transaction");
        await firstTransaction.CommitAsync(Ct);

        var taken = Assert.Single(await racing);
        await secondTransaction.CommitAsync(Ct);
        Assert.Equal((created.Id, created.SurrogateKey), (taken.Id, taken.SurrogateKey));
        Assert.Equal(1, await second.Patients.CountAsync(p => p.PatientRef == "PT-race", Ct));
    }
}
