using System.Globalization;
using System.Text.Json;
using static RegimenMonitor.Rules.Loading.JsonFields;

namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// Stage 1 for rules.json: JSON to <see cref="RulesFile"/> records, one record type per rule kind; a malformed entry
/// is reported and left out. Meaning (concerns, severities, members, references) is checked by the compile stage.
/// </summary>
internal static class RulesParser
{
    private const string File = "rules.json";

    public static RulesFile Parse(JsonElement root, LoadErrors errors)
    {
        var version = errors.Catch(() => RequiredString(root, "version", File)) ?? string.Empty;
        var references = new Dictionary<int, string>();
        foreach (var property in errors.Catch(() => RequiredObject(root, "references", File).EnumerateObject().ToList()) ?? [])
        {
            errors.Catch(() => references[ReferenceNumber(property)] = $"[{property.Name}] {Citation(property)}");
        }

        // "referenceNotes": the unpublished development history of a reference (which version cited it since, which
        // probe found what, what was read wrongly until then). Checked here and then dropped: a note never reaches a
        // citation, a finding or an alert.
        if (root.TryGetProperty("referenceNotes", out _))
        {
            foreach (var property in errors.Catch(() => RequiredObject(root, "referenceNotes", File).EnumerateObject().ToList()) ?? [])
            {
                errors.Catch(() => Note(property, references));
            }
        }

        var rules = new List<RuleEntry>();
        foreach (var item in errors.Catch(() => RequiredArray(root, "rules", File).ToList()) ?? [])
        {
            if (errors.Catch(() => Rule(item)) is { } rule)
            {
                rules.Add(rule);
            }
        }

        var washouts = new List<WashoutEntry>();
        foreach (var item in errors.Catch(() => OptionalArray(root, "washouts", File)) ?? [])
        {
            if (errors.Catch(() => Washout(item)) is { } washout)
            {
                washouts.Add(washout);
            }
        }

        return new RulesFile(version, references, rules, washouts);
    }

    private static int ReferenceNumber(JsonProperty property) =>
        int.TryParse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new KnowledgeBaseException($"reference '{property.Name}': the key must be the reference number");

    private static string Citation(JsonProperty property)
    {
        var text = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
        return string.IsNullOrWhiteSpace(text) ? throw new KnowledgeBaseException($"reference '{property.Name}': missing citation text") : text;
    }

    private static void Note(JsonProperty property, Dictionary<int, string> references)
    {
        var text = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new KnowledgeBaseException($"referenceNotes '{property.Name}': missing note text");
        }

        if (!int.TryParse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || !references.ContainsKey(number))
        {
            throw new KnowledgeBaseException($"referenceNotes '{property.Name}': names no reference of 'references'");
        }
    }

    private static RuleEntry Rule(JsonElement item)
    {
        var id = RequiredString(item, "id", "rules.json: a rule");
        var label = $"rule '{id}'";
        var kind = RequiredString(item, "kind", label);
        if (kind is not ("pair" or "load" or "modifier" or "depletion" or "absorption" or "set"))
        {
            throw new KnowledgeBaseException($"{label}: unknown kind '{kind}'");
        }

        var header = new RuleHeader(
            id,
            RequiredString(item, "concern", label),
            RequiredString(item, "severity", label),
            Evidence(item, label),
            RequiredString(item, "title", label),
            RequiredString(item, "mechanism", label),
            RequiredString(item, "management", label));
        return kind switch
        {
            "pair" => new PairRuleEntry(
                header,
                item.TryGetProperty("washout", out var washout) && washout.ValueKind == JsonValueKind.True,
                OptionalStrings(item, "a", label),
                OptionalStrings(item, "b", label),
                [.. OptionalArray(item, "washoutAdvice", label).Select(a => new WashoutAdviceEntry(
                    OptionalStrings(a, "ended", label),
                    RequiredString(a, "text", $"{label}: washoutAdvice"),
                    a.TryGetProperty("replacesManagement", out var replaces) && replaces.ValueKind == JsonValueKind.True))],
                item.TryGetProperty("loadAdvice", out _)
                    ? new LoadAdviceEntry(
                        RequiredString(RequiredObject(item, "loadAdvice", label), "about", $"{label}: loadAdvice"),
                        RequiredString(RequiredObject(item, "loadAdvice", label), "text", $"{label}: loadAdvice"))
                    : null,
                [.. OptionalArray(item, "endedAdvice", label).Select(a => new EndedAdviceEntry(OptionalStrings(a, "ended", label), RequiredString(a, "text", $"{label}: endedAdvice")))]),
            "load" => new LoadRuleEntry(
                header,
                RequiredInt(item, "minCount", label),
                OptionalStrings(item, "count", label),
                OptionalStrings(item, "list", label),
                [.. OptionalArray(item, "sameAgent", label).Select(g => (IReadOnlyList<string>)OptionalStrings(g, "members", label))]),
            "modifier" => new ModifierRuleEntry(header, RequiredInt(item, "withinDays", label)),
            "depletion" => new DepletionRuleEntry(
                header,
                [.. RequiredArray(item, "steps", label).Select(s => (RequiredInt(s, "minDays", label), RequiredString(s, "severity", label)))],
                RequiredString(item, "nutrient", label),
                OptionalStrings(item, "trigger", label),
                OptionalStrings(item, "coRisk", label),
                OptionalStrings(item, "unless", label),
                OptionalStrings(item, "supplementedBy", label)),
            "absorption" => new AbsorptionRuleEntry(header, OptionalStrings(item, "object", label), OptionalStrings(item, "precipitants", label)),
            _ => new SetRuleEntry(
                header,
                [.. RequiredArray(item, "groups", label).Select(g => ((IReadOnlyList<string>)OptionalStrings(g, "members", label), RequiredInt(g, "min", label)))],
                item.TryGetProperty("escalate", out var escalate) ? (RequiredInt(escalate, "atCount", label), RequiredString(escalate, "severity", label)) : null,
                OptionalStrings(item, "anchor", label),
                item.TryGetProperty("maxPartners", out _) ? RequiredInt(item, "maxPartners", label) : 0,
                OptionalStrings(item, "suppressedBy", label)),
        };
    }

    private static WashoutEntry Washout(JsonElement item)
    {
        var id = RequiredString(item, "id", "rules.json: a washout");
        var label = $"washout '{id}'";
        return new WashoutEntry(id, Evidence(item, label), RequiredInt(item, "days", label), OptionalStrings(item, "ended", label), OptionalStrings(item, "before", label));
    }

    private static List<EvidenceEntry> Evidence(JsonElement item, string label)
    {
        var result = new List<EvidenceEntry>();
        if (!item.TryGetProperty("evidence", out var evidence) || evidence.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        foreach (var entry in evidence.EnumerateArray())
        {
            var grade = RequiredString(entry, "grade", label);
            var numbers = new List<int>();
            if (entry.TryGetProperty("refs", out var refs) && refs.ValueKind == JsonValueKind.Array)
            {
                foreach (var reference in refs.EnumerateArray())
                {
                    numbers.Add(reference.ValueKind == JsonValueKind.Number && reference.TryGetInt32(out var number)
                        ? number
                        : throw new KnowledgeBaseException($"{label}: reference numbers must be integers"));
                }
            }

            result.Add(new EvidenceEntry(grade, numbers, entry.TryGetProperty("for", out _) ? OptionalStrings(entry, "for", label) : null));
        }

        return result;
    }
}
