using Microsoft.EntityFrameworkCore;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>
/// The model applies its entity configurations from a list rather than by scanning the worker's assembly (the scan
/// loads every type in it into every worker): the list must hold every configuration class there is.
/// </summary>
public sealed class EntityConfigurationTests
{
    [Fact]
    public void The_model_applies_every_entity_configuration_class_of_the_worker()
    {
        var classes = typeof(RegimenDbContext).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false }
                        && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>)))
            .ToHashSet();
        var listed = RegimenDbContext.EntityConfigurations.Select(c => c.Type).ToList();

        Assert.NotEmpty(classes);
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(classes.OrderBy(t => t.FullName), listed.OrderBy(t => t.FullName));
    }

    [Fact]
    public void Each_listed_configuration_shapes_the_model()
    {
        // every configuration names its table, so a listed one that is never applied leaves its entity unmapped
        using var context = new RegimenDbContext(new DbContextOptionsBuilder<RegimenDbContext>().UseSqlite("Data Source=:memory:").Options);
        var tables = context.Model.GetEntityTypes().Select(e => e.GetTableName()).ToHashSet(StringComparer.Ordinal);

        foreach (var table in new[] { "patients", "regimen_items", "processed_events", "findings", "alert_outbox", "alert_acknowledgements", "terminology_codes", "terminology_imports", "full_sweeps" })
        {
            Assert.Contains(table, tables);
        }
    }
}
