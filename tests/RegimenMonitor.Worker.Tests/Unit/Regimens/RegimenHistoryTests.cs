using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Tests.Unit.Regimens;

/// <summary>The stored form of a history summary (<c>patients.history_json</c>).</summary>
public sealed class RegimenHistoryTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 8, 30, 15, TimeSpan.Zero);

    [Fact]
    public void A_summary_reads_back_to_the_tick_with_its_runs_in_order()
    {
        var summary = new RegimenHistory
        {
            Version = 12,
            Cutoff = At.AddTicks(7),
            NormalisedWith = "2026.12.1+terminology.3",
            Runs =
            [
                new("medication", "sertraline", At.AddDays(-400), At.AddDays(-200).AddTicks(1)),
                new("medication", "sertraline", At.AddDays(-100), At.AddDays(-40)),
                new("supplement", "hypericum perforatum", At.AddDays(-90), At.AddDays(-60)),
                new("medication", "atorvastatin", At.AddDays(-300), At.AddDays(-2)),
            ],
        };

        var json = summary.ToJson();
        var read = RegimenHistory.FromJson(json)!;

        Assert.Equal((12, summary.Cutoff), (read.Version, read.Cutoff));
        Assert.Equal(summary.NormalisedWith, read.NormalisedWith);
        Assert.Equal(summary.Runs.OrderBy(r => (r.Kind, r.Ingredient, r.Start)), read.Runs.OrderBy(r => (r.Kind, r.Ingredient, r.Start)));
        Assert.Equal(json, read.ToJson());
        Assert.DoesNotContain("\n", json, StringComparison.Ordinal);
        Assert.True(json.Length < 400, json);
    }

    [Fact]
    public void A_run_becomes_a_medication_without_supply_stopped_at_its_end_and_never_a_stored_item()
    {
        var summary = new RegimenHistory
        {
            Cutoff = At, NormalisedWith = "v", Runs = [new("supplement", "magnesium", At.AddDays(-30), At.AddDays(-3))],
        };

        var item = Assert.Single(summary.Items(42));

        Assert.Equal(-1, item.Id);
        Assert.Equal(("supplement", "magnesium", "v", 42L), (item.Kind, item.Ingredients, item.NormalisedWith, item.PatientId));
        Assert.Equal((At.AddDays(-30), (DateTimeOffset?)At.AddDays(-3), (int?)null), (item.StartedAt, item.StoppedAt, item.DaysSupply));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_text_is_no_summary(string? json) => Assert.Null(RegimenHistory.FromJson(json));

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"version\":1,\"cutoff\":1,\"normalisedWith\":\"v\"}")]
    [InlineData("{\"version\":1,\"cutoff\":1,\"normalisedWith\":\"v\",\"runs\":{\"medication\":{\"sertraline\":[5]}}}")]
    [InlineData("{\"version\":1,\"cutoff\":\"x\",\"normalisedWith\":\"v\",\"runs\":{}}")]
    [InlineData("{\"cutoff\":1,\"normalisedWith\":\"v\",\"runs\":{}}")]
    public void A_damaged_summary_fails_with_a_message_naming_the_column(string json)
    {
        var error = Assert.Throws<InvalidOperationException>(() => RegimenHistory.FromJson(json));
        Assert.Contains("history_json", error.Message, StringComparison.Ordinal);
    }
}
