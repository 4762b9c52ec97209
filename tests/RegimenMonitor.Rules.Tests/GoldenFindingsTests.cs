using System.Globalization;
using System.Text;
using System.Text.Json;
using static RegimenMonitor.Rules.Tests.Regimen;

namespace RegimenMonitor.Rules.Tests;

/// <summary>
/// Pins every persisted and shown part of the engine's output (fingerprint, severity, texts, since, supersedes,
/// involvement, evidence and the next change) for a varied set of regimens: the engine theory regimens
/// (Golden/regimens.txt) and every case of Validation/label-cases.json, each evaluated at the tests' as-of instant
/// and 20 days later. Fingerprints are persisted: a changed one would resolve and reopen every open finding on deploy.
/// On a mismatch the actual text is written next to the test assembly (golden-findings.actual.txt) for a diff.
/// </summary>
public sealed class GoldenFindingsTests
{
    [Fact]
    public void FindingsMatchTheGoldenFile()
    {
        var expected = Resource("RegimenMonitor.Rules.Tests.Golden.findings.txt");
        var actual = Render();
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            var path = Path.Combine(AppContext.BaseDirectory, "golden-findings.actual.txt");
            File.WriteAllText(path, actual);
            var expectedLines = expected.Split('\n');
            var actualLines = actual.Split('\n');
            var line = 0;
            while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
            {
                line++;
            }

            Assert.Fail($"golden findings differ at line {line + 1} (actual written to {path}):\n"
                + $"expected: {(line < expectedLines.Length ? expectedLines[line] : "<end>")}\n"
                + $"actual:   {(line < actualLines.Length ? actualLines[line] : "<end>")}");
        }
    }

    private static string Render()
    {
        var regimens = Resource("RegimenMonitor.Rules.Tests.Golden.regimens.txt")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();
        using (var document = JsonDocument.Parse(Resource("RegimenMonitor.Rules.Tests.Validation.label-cases.json")))
        {
            regimens.AddRange(document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("regimen").GetString()!));
        }

        var text = new StringBuilder();
        foreach (var regimen in regimens)
        {
            RegimenItem[] items;
            try
            {
                items = regimen.StartsWith("assumed:", StringComparison.Ordinal)
                    ? [.. Parse(regimen["assumed:".Length..]).Select(i => i.Kind == RegimenItemKind.Medication ? i with { DaysSupplyAssumed = true } : i)]
                    : Parse(regimen);
            }
            catch (InvalidOperationException)
            {
                text.Append("# ").Append(regimen).Append("\n  unrecognised\n");
                continue;
            }

            foreach (var offset in (ReadOnlySpan<int>)[0, 20])
            {
                var asOf = AsOf.AddDays(offset);
                var result = Engine.Evaluate(items, asOf);
                text.Append("# ").Append(regimen).Append(" @+").Append(offset.ToString(CultureInfo.InvariantCulture)).Append('\n');
                text.Append("  version ").Append(result.RuleSetVersion).Append("; next ").Append(Instant(result.NextChangeAt)).Append('\n');
                foreach (var finding in result.Findings)
                {
                    Append(text, finding);
                }
            }
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, Finding finding)
    {
        text.Append("  - ").Append(finding.Fingerprint).Append(" | ").Append(finding.RuleId).Append(" | ").Append(WireNames.Of(finding.Concern))
            .Append(" | ").Append(WireNames.Of(finding.Severity)).Append(" | since ").Append(Instant(finding.Since)).Append('\n');
        text.Append("    title: ").Append(finding.Title).Append('\n');
        text.Append("    detail: ").Append(finding.Detail).Append('\n');
        text.Append("    recommendation: ").Append(finding.Recommendation).Append('\n');
        if (finding.Nutrient is { } nutrient)
        {
            text.Append("    nutrient: ").Append(nutrient).Append('\n');
        }

        foreach (var involved in finding.Involves)
        {
            text.Append("    involves: ").Append(involved.Ingredient).Append(" / ").Append(involved.Kind.ToString())
                .Append(" / ").Append(involved.ProductText).Append(" / ").Append(involved.SourceEventId ?? "-").Append('\n');
        }

        // Which references are cited (grade and number); the citation texts themselves are knowledge-base data.
        text.Append("    evidence:");
        foreach (var evidence in finding.Evidence)
        {
            text.Append(' ').Append(evidence.Grade).Append(evidence.Citation.AsSpan(0, evidence.Citation.IndexOf(']', StringComparison.Ordinal) + 1));
        }

        text.Append('\n');

        foreach (var superseded in finding.Supersedes)
        {
            text.Append("    supersedes: ").Append(superseded).Append('\n');
        }

        foreach (var advice in finding.EndedAdvice)
        {
            text.Append("    when ").Append(advice.Ingredient).Append(" ends: ").Append(advice.Text).Append('\n');
        }
    }

    private static string Instant(DateTimeOffset? instant) => instant?.ToString("O", CultureInfo.InvariantCulture) ?? "none";

    private static string Resource(string name)
    {
        using var stream = typeof(GoldenFindingsTests).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"missing resource {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
