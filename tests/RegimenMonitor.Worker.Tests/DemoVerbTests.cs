using RegimenMonitor.Worker.Cli;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests;

/// <summary>The README's first command: the embedded profile (in-memory transport, SQLite, Quartz in memory) end to end.</summary>
public sealed class DemoVerbTests
{
    [Fact]
    public async Task Demo_runs_the_sample_feed_and_prints_the_alerts_a_care_team_receives()
    {
        var output = new StringWriter();
        var exit = await DemoVerb.RunAsync(new DirectoryInfo(Path.Combine(RepositoryFiles.Root, "samples")), output, TestContext.Current.CancellationToken);
        var text = output.ToString();

        Assert.Equal(0, exit);
        Assert.Contains("Alerts received by a care team subscribed to care.regimen-alerts:", text, StringComparison.Ordinal);
        var rows = text[text.IndexOf("Alerts received", StringComparison.Ordinal)..].Split('\n');
        // the MAO-B inhibitor with dextromethorphan is contraindicated; the reversed tramadol resolves its alert
        Assert.Contains(rows, r => r.Contains("PT-40391", StringComparison.Ordinal) && r.Contains("contraindicated", StringComparison.Ordinal) && r.Contains("SER-04", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("PT-20417", StringComparison.Ordinal) && r.Contains("resolved", StringComparison.Ordinal));
    }
}
