using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Infrastructure.Observability;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// A new patient written twice at once (two replicas racing on its first events) fails one write with a unique
/// violation. SQL Server quotes the duplicate key, the patient id, in its message, and PostgreSQL in the error's detail
/// (which Npgsql includes only with Include Error Detail, refused by the configuration check; set here on purpose).
/// EF Core logs the whole exception: through the worker's logging the entry keeps the error, not the id.
/// </summary>
public sealed class DatabaseErrorLogTests
{
    private const string Secret = "PT-SECRET-race-20417";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("SqlServer")]
    public async Task A_duplicate_patient_logged_by_EF_Core_keeps_the_error_but_not_the_patient_id(string name)
    {
        var provider = Enum.Parse<DatabaseProvider>(name);
        await using IAsyncDisposable database = provider == DatabaseProvider.PostgreSql
            ? await PostgresTestDatabase.CreateAsync(Ct)
            : await SqlServerTestDatabase.CreateAsync(Ct);
        var connectionString = database switch
        {
            PostgresTestDatabase postgres => postgres.ConnectionString + ";Include Error Detail=true",
            SqlServerTestDatabase sqlServer => sqlServer.ConnectionString,
            _ => throw new InvalidOperationException(),
        };
        await new MigrationRunner(Options.Create(new DatabaseOptions { Provider = provider, ConnectionString = connectionString }), TimeProvider.System,
            NullLogger<MigrationRunner>.Instance).MigrateAsync(Ct);
        var captured = new LogCapture();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(captured));
        services.AddRejectionLogDemotion();
        await using var logging = services.BuildServiceProvider();

        await using (var first = Context(provider, connectionString, logging.GetRequiredService<ILoggerFactory>()))
        {
            first.Patients.Add(Patient());
            await first.SaveChangesAsync(Ct);
        }

        await using var second = Context(provider, connectionString, logging.GetRequiredService<ILoggerFactory>());
        second.Patients.Add(Patient());
        var failure = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync(Ct));

        // the database did quote the id: without the worker's logging it would be in the log
        Assert.Contains(Secret, failure.ToString(), StringComparison.Ordinal);
        var entries = captured.Entries.Select(e => e.Text).ToList();
        var saveFailed = Assert.Single(entries, e => e.Contains("An exception occurred in the database while saving changes", StringComparison.Ordinal));
        Assert.Contains("not logged: it may hold patient data", saveFailed, StringComparison.Ordinal);
        Assert.Contains("patient_ref", saveFailed, StringComparison.Ordinal); // the constraint is still named
        Assert.All(entries, entry => Assert.DoesNotContain(Secret, entry, StringComparison.Ordinal));
    }

    private static PatientRecord Patient() => new() { PatientRef = Secret, SurrogateKey = Guid.NewGuid(), CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };

    private static RegimenDbContext Context(DatabaseProvider provider, string connectionString, ILoggerFactory loggers)
    {
        var options = new DbContextOptionsBuilder<RegimenDbContext>().UseLoggerFactory(loggers);
        DatabaseDialect.For(provider).UseProvider(options, connectionString);
        return new RegimenDbContext(options.Options);
    }
}
