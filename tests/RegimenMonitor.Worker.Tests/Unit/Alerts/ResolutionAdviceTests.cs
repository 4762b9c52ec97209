using System.Text.Json;
using RegimenMonitor.Contracts;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Fhir;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Tests.Unit.Alerts;

/// <summary>
/// A resolved alert says what its rule asks once the product that ended is no longer taken (the finding's
/// <c>endedAdvice</c>), and only when that product is the one that ended. Found by a newcomer probe: SER-09's
/// resolution after St John's wort stopped said only "Confirm with the patient that the ended product is no longer
/// taken", although the open alert had asked to watch CYP3A4 substrates after stopping.
/// </summary>
public sealed class ResolutionAdviceTests
{
    private const string Advice = "St John's wort has stopped: as its enzyme induction wears off, blood levels of the medicines it had lowered may rise.";
    private static readonly DateTimeOffset Raised = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("st john's wort", "stopped", true)]
    [InlineData("st john's wort", "supply-ran-out", true)]
    [InlineData("st john's wort", "withdrawn", false)] // entered in error: it may never have been taken
    [InlineData("sertraline", "stopped", false)] // the other product ended: St John's wort goes on
    [InlineData("sertraline", "supply-ran-out", false)]
    public void The_resolution_carries_the_advice_for_the_end_of_that_product_only(string ingredient, string how, bool advised)
    {
        var alert = Resolve(ingredient, how, how == "withdrawn" ? "dispense-withdrawn" : "combination-ended");

        Assert.Equal(advised, alert.Recommendation!.Contains(Advice, StringComparison.Ordinal));
        if (advised)
        {
            Assert.Equal(
                $"Confirm with the patient that the ended product is no longer taken; review again if it is restarted or refilled. {Advice}",
                alert.Recommendation);
        }
    }

    [Fact]
    public void The_fhir_detected_issue_of_the_resolution_carries_the_advice_too()
    {
        var alert = Resolve("st john's wort", "stopped", "combination-ended");

        using var issue = JsonDocument.Parse(DetectedIssueMapper.Map(alert));
        var detail = issue.RootElement.GetProperty("detail").GetString()!;
        Assert.EndsWith($"What to do: Confirm with the patient that the ended product is no longer taken; review again if it is restarted or refilled. {Advice}", detail, StringComparison.Ordinal);
    }

    private static RegimenAlertRaised Resolve(string ingredient, string how, string reason)
    {
        var finding = Finding();
        var diff = new FindingsDiff();
        diff.Resolved.Add(finding);
        diff.Note(finding).Resolution = new AlertResolution
        {
            Reason = reason,
            At = Now,
            Ended =
            [
                new AlertEndedProduct
                {
                    Ingredient = ingredient, Kind = ingredient == "sertraline" ? "medication" : "supplement",
                    ProductText = ingredient == "sertraline" ? "Zoloft 50 mg tablet" : "St. John's Wort 300 mg capsule", How = how,
                    EndedAt = Now.AddDays(-1), Status = how == "withdrawn" ? "entered-in-error" : null, ItemId = "st-1",
                },
            ],
        };
        var row = Assert.Single(AlertComposer.Compose("PT-r", diff, Now, Guid.CreateVersion7));
        return JsonSerializer.Deserialize<RegimenAlertRaised>(row.PayloadJson, WireJson.Options)!;
    }

    private static FindingRecord Finding()
    {
        var view = new FindingView("SER-09", "serotonergic-stacking", "major", "Strong serotonin reuptake inhibitor with St John's wort",
            "Zoloft 50 mg tablet (sertraline) and St. John's Wort 300 mg capsule (st john's wort) are both active since 2026-11-20.",
            "Advise stopping St John's wort; the combination is not recommended. Monitor for serotonin toxicity and for changed levels of CYP3A4 substrates after stopping.",
            [new InvolvementView("sertraline", "medication", "Zoloft 50 mg tablet", null), new InvolvementView("st john's wort", "supplement", "St. John's Wort 300 mg capsule", null)],
            null, [new EvidenceReference("E3", "a case report")], Raised, "SER-09|sertraline|st john's wort",
            EndedAdvice: [new FindingEndedAdvice("st john's wort", Advice)]);
        return new FindingRecord
        {
            Id = 1, PatientId = 1, Fingerprint = view.Fingerprint, AlertId = Guid.CreateVersion7(Raised), RuleId = view.RuleId, Concern = view.Concern,
            Severity = view.Severity, SeverityRank = 2, State = FindingStates.Resolved, Since = view.Since, RaisedAt = Raised, UpdatedAt = Now,
            LastAlertAt = Raised, RuleSetVersion = "2027.1.38", PayloadJson = JsonSerializer.Serialize(view, WireJson.Options),
        };
    }
}
