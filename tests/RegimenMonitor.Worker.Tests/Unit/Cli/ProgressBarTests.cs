using RegimenMonitor.Worker.Cli;

namespace RegimenMonitor.Worker.Tests.Unit.Cli;

/// <summary>What the progress bar of replay and evaluate shows when the count and the total disagree.</summary>
public sealed class ProgressBarTests
{
    [Theory]
    // found by an independent edge probe: replay /dev/zero ended with "1/0 (100 %)"
    [InlineData(0, 1, "1 lines read")]
    [InlineData(3, 5, "5 lines read")]
    [InlineData(-1, 7, "7 lines read")]
    [InlineData(4, 2, "] 2/4 (")]
    [InlineData(4, 4, "] 4/4 (")]
    public void A_count_past_its_total_is_shown_alone_never_as_a_full_bar(int total, int done, string expected)
    {
        var output = new StringWriter();
        var bar = new ProgressBar(output, total);

        bar.Report(done, force: true);
        bar.Complete();

        Assert.Contains(expected, output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("/0 ", output.ToString(), StringComparison.Ordinal);
    }
}
