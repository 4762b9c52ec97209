using System.Text.Json;

namespace RegimenMonitor.Worker.Tests.Unit.Repository;

/// <summary>
/// The runtime settings the worker ships in its <c>regimen-monitor.runtimeconfig.json</c> (the file the runtime reads
/// at start; docs/performance.md measures each): the server GC, and DATAS's young generation growing at half its
/// default rate.
/// </summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void The_worker_ships_the_server_GC_with_half_the_default_young_generation_growth()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "regimen-monitor.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.Equal(50, properties.GetProperty("System.GC.DGen0GrowthPercent").GetInt32());
    }
}
