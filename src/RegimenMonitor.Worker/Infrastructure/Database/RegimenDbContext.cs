using System.Text;
using Microsoft.EntityFrameworkCore;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;

namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>
/// The state. The model is provider-neutral (no provider column types); the schema itself comes from the
/// versioned SQL scripts under Infrastructure/Database/Migrations, one folder per provider. Names are snake_case.
/// </summary>
internal sealed class RegimenDbContext : DbContext
{
    private DatabaseDialect? _dialect;

    public RegimenDbContext(DbContextOptions<RegimenDbContext> options)
        : base(options)
    {
        // Every unit of work runs in its own explicit transaction that is abandoned as a whole on failure, so the
        // savepoint EF would wrap around each SaveChanges is two wasted round trips.
        Database.AutoSavepointsEnabled = false;
    }

    public DbSet<PatientRecord> Patients => Set<PatientRecord>();

    public DbSet<RegimenItemRecord> RegimenItems => Set<RegimenItemRecord>();

    public DbSet<ProcessedEvent> ProcessedEvents => Set<ProcessedEvent>();

    public DbSet<FindingRecord> Findings => Set<FindingRecord>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<AlertAcknowledgement> Acknowledgements => Set<AlertAcknowledgement>();

    public DbSet<FullSweep> FullSweeps => Set<FullSweep>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Listed, not found by ApplyConfigurationsFromAssembly: that scan loads every type of the worker's assembly (and
        // the assemblies their signatures name, SqlClient's and Firely's among them) into every worker that builds a
        // model; EntityConfigurationTests holds this list to the configuration classes that exist.
        foreach (var (_, apply) in EntityConfigurations)
        {
            apply(modelBuilder);
        }

        UseSnakeCaseNames(modelBuilder);
    }

    /// <summary>Every entity configuration of the model: its class, and how it is applied.</summary>
    internal static readonly (Type Type, Action<ModelBuilder> Apply)[] EntityConfigurations =
    [
        Configuration(new PatientRecordConfiguration()),
        Configuration(new RegimenItemRecordConfiguration()),
        Configuration(new ProcessedEventConfiguration()),
        Configuration(new FindingRecordConfiguration()),
        Configuration(new OutboxMessageConfiguration()),
        Configuration(new AlertAcknowledgementConfiguration()),
        Configuration(new TerminologyCodeConfiguration()),
        Configuration(new TerminologyImportConfiguration()),
        Configuration(new FullSweepConfiguration()),
    ];

    private static (Type, Action<ModelBuilder>) Configuration<T>(IEntityTypeConfiguration<T> configuration)
        where T : class => (configuration.GetType(), builder => builder.ApplyConfiguration(configuration));

    /// <summary>The dialect of the database this context runs on (its provider's reads, writes and conventions).</summary>
    internal DatabaseDialect Dialect => _dialect ??= DatabaseDialect.For(Database);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        Dialect.ConfigureConventions(configurationBuilder);

    private static void UseSnakeCaseNames(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
