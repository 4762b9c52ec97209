using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>
/// The EF context's registration: a context per scope (per group of messages), its options built once, so the
/// provider is not configured again and the connection string not parsed again for every group.
/// </summary>
public sealed class DbContextRegistrationTests
{
    [Fact]
    public void Each_scope_gets_its_own_context_built_from_one_set_of_options()
    {
        using var host = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Database"] = "Host=db.invalid;Username=regimen;Password=unused;Database=regimen",
            ["Logging:LogLevel:Default"] = "None",
        }).Build();
        using var first = host.Services.CreateScope();
        using var second = host.Services.CreateScope();

        var firstContext = first.ServiceProvider.GetRequiredService<RegimenDbContext>();
        var secondContext = second.ServiceProvider.GetRequiredService<RegimenDbContext>();

        Assert.NotSame(firstContext, secondContext);
        Assert.Same(first.ServiceProvider.GetRequiredService<DbContextOptions<RegimenDbContext>>(), second.ServiceProvider.GetRequiredService<DbContextOptions<RegimenDbContext>>());
        // the worker's tuning of the connection string is in those options
        Assert.Contains("No Reset On Close=True", secondContext.Database.GetConnectionString(), StringComparison.OrdinalIgnoreCase);
    }
}
