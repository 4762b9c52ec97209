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
            Through = 4_000_000_000,
            Kept = [12, 3_999_999_999],
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
        Assert.Equal(summary.Through, read.Through);
        Assert.Equal(summary.Kept, read.Kept);
        Assert.Equal(summary.Runs.OrderBy(r => (r.Kind, r.Ingredient, r.Start)), read.Runs.OrderBy(r => (r.Kind, r.Ingredient, r.Start)));
        Assert.Equal(json, read.ToJson());
        Assert.DoesNotContain("\n", json, StringComparison.Ordinal);
        Assert.True(json.Length < 400, json);
    }

    [Fact]
    public void A_summary_read_or_carried_and_then_changed_writes_its_new_runs()
    {
        var written = new RegimenHistory
        {
            Version = 3,
            Cutoff = At,
            NormalisedWith = "2026.12.1+terminology.3",
            Through = 4_000_000_000,
            Kept = [12, 3_999_999_999],
            Runs =
            [
                new("medication", "sertraline", At.AddDays(-400), At.AddDays(-200)),
                new("medication", "atorvastatin", At.AddDays(-300), At.AddDays(-2)),
                new("supplement", "sertraline", At.AddDays(-90), At.AddDays(-60)),
            ],
        };
        HashSet<(string, string)> reopened = [("medication", "sertraline")];
        var expected = new RegimenHistory
        {
            Version = 3, Cutoff = At, NormalisedWith = written.NormalisedWith, Through = written.Through, Kept = written.Kept,
            Runs = [written.Runs[1], written.Runs[2]],
        }.ToJson();

        // read from its stored text, or carried to the next version (both keep a text to write again): the copy without
        // the reopened runs writes what it holds, not the text it came from
        Assert.Equal(expected, RegimenHistory.FromJson(written.ToJson())!.Without(reopened).ToJson());
        Assert.Equal(expected.Replace("\"version\":3", "\"version\":4", StringComparison.Ordinal), written.ForVersion(4).Without(reopened).ToJson());
    }

    [Fact]
    public void The_stored_form_lists_kinds_and_ingredients_in_ordinal_order_and_runs_by_start()
    {
        var summary = new RegimenHistory
        {
            Version = 3,
            Cutoff = new DateTimeOffset(5, TimeSpan.Zero),
            NormalisedWith = "s",
            Through = 9,
            Kept = [2, 4],
            Runs =
            [
                new("supplement", "b", new DateTimeOffset(40, TimeSpan.Zero), new DateTimeOffset(50, TimeSpan.Zero)),
                new("medication", "b", new DateTimeOffset(30, TimeSpan.Zero), new DateTimeOffset(35, TimeSpan.Zero)),
                new("medication", "a", new DateTimeOffset(20, TimeSpan.Zero), new DateTimeOffset(25, TimeSpan.Zero)),
                new("medication", "b", new DateTimeOffset(10, TimeSpan.Zero), new DateTimeOffset(15, TimeSpan.Zero)),
            ],
        };

        Assert.Equal(
            """{"version":3,"format":3,"cutoff":5,"normalisedWith":"s","through":9,"kept":[2,4],"coverage":{"medication":{"a":[20,25],"b":[10,15,30,35]},"supplement":{"b":[40,50]}}}""",
            summary.ToJson());
        Assert.Equal("""{"version":3,"format":3,"cutoff":5,"normalisedWith":"s","through":0,"kept":[],"coverage":{}}""", new RegimenHistory { Version = 3, Cutoff = summary.Cutoff, NormalisedWith = "s", Through = 0, Kept = [], Runs = [] }.ToJson());
    }

    [Theory]
    [InlineData(7, 8)]
    [InlineData(9, 10)]
    [InlineData(99, 100)]
    [InlineData(0, 1)]
    public void A_summary_carried_to_the_next_version_is_written_as_a_fresh_one_would_be(int from, int to)
    {
        var runs = new List<HistoryRun>
        {
            new("medication", "sertraline", At.AddDays(-400), At.AddDays(-200)),
            new("supplement", "hypericum perforatum", At.AddDays(-90), At.AddDays(-60)),
        };
        var built = new RegimenHistory { Version = from, Cutoff = At, NormalisedWith = "2026.12.1", Through = 77, Kept = [5], Runs = runs };
        var fresh = new RegimenHistory { Version = to, Cutoff = At, NormalisedWith = "2026.12.1", Through = 77, Kept = [5], Runs = runs }.ToJson();

        Assert.Equal(fresh, built.ForVersion(to).ToJson());
        Assert.Equal(fresh, RegimenHistory.FromJson(built.ToJson())!.ForVersion(to).ToJson());
        Assert.Equal(fresh, built.ForVersion(from + 50).ForVersion(to).ToJson());
        // a stored text laid out otherwise (a hand edit) still carries over correctly
        var spaced = built.ToJson().Replace(":", ": ", StringComparison.Ordinal);
        Assert.Equal(fresh, RegimenHistory.FromJson(spaced)!.ForVersion(to).ToJson());
    }

    [Fact]
    public void A_run_becomes_a_medication_without_supply_stopped_at_its_end_and_never_a_stored_item()
    {
        var summary = new RegimenHistory
        {
            Cutoff = At, NormalisedWith = "v", Through = 0, Kept = [], Runs = [new("supplement", "magnesium", At.AddDays(-30), At.AddDays(-3))],
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
    [InlineData("{\"version\":3,\"cutoff\":5,\"normalisedWith\":\"s\",\"through\":9,\"kept\":[2,4],\"coverage\":{}}")] // before format 2
    // format 2: before a care team's stop ended earlier statements too, so its runs may end later than they do now
    [InlineData("{\"version\":3,\"format\":2,\"cutoff\":5,\"normalisedWith\":\"s\",\"through\":9,\"kept\":[2,4],\"coverage\":{}}")]
    [InlineData("{\"version\":3,\"format\":1,\"cutoff\":5,\"normalisedWith\":\"s\",\"through\":9,\"kept\":[2,4],\"coverage\":{}}")]
    [InlineData("{\"version\":1,\"format\":3,\"cutoff\":1,\"normalisedWith\":\"v\",\"through\":3,\"kept\":[],\"coverage\":{\"medication\":{\"sertraline\":[5]}}}")]
    [InlineData("{\"version\":1,\"format\":3,\"cutoff\":\"x\",\"normalisedWith\":\"v\",\"through\":3,\"kept\":[],\"coverage\":{}}")]
    [InlineData("{\"format\":3,\"cutoff\":1,\"normalisedWith\":\"v\",\"through\":3,\"kept\":[],\"coverage\":{}}")]
    [InlineData("{\"version\":1,\"format\":3,\"cutoff\":1,\"normalisedWith\":\"v\",\"kept\":[],\"coverage\":{}}")]
    [InlineData("{\"version\":1,\"format\":3,\"cutoff\":1,\"normalisedWith\":\"v\",\"through\":9,\"kept\":[4,2],\"coverage\":{}}")]
    [InlineData("{\"version\":1,\"format\":3,\"cutoff\":1,\"normalisedWith\":\"v\",\"through\":9,\"kept\":[\"2\"],\"coverage\":{}}")]
    // the form written before the liveness was derived ("runs", no "through") is refused like a damaged one: every item
    // is read and the decision writes the summary afresh
    [InlineData("{\"version\":1,\"cutoff\":1,\"normalisedWith\":\"v\",\"runs\":{\"medication\":{\"sertraline\":[1,5]}}}")]
    public void A_damaged_summary_fails_with_a_message_naming_the_column(string json)
    {
        var error = Assert.Throws<InvalidOperationException>(() => RegimenHistory.FromJson(json));
        Assert.Contains("history_json", error.Message, StringComparison.Ordinal);
    }
}

