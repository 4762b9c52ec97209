using static RegimenMonitor.Rules.Tests.Regimen;

namespace RegimenMonitor.Rules.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Dump()
    {
        var r = Evaluate(Med("Zoloft 50 mg tablet", 10), Med("Effexor XR 75mg", 5), Med("tramadol 50 mg", 2), Med("omeprazole 20mg", 400, 400), Supp("St John's Wort", 100), Supp("kratom powder", 30));
        foreach (var f in r.Findings)
        {
            TestContext.Current.SendDiagnosticMessage($"{f.Severity} {f.RuleId} {f.Fingerprint} | {f.Title} | {f.Detail} | {f.Recommendation} | {f.Since}");
        }

        Assert.NotEmpty(r.Findings);
    }
}
