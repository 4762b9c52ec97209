using RegimenMonitor.Rules.Model;

namespace RegimenMonitor.Rules.Loading;

/// <summary>Compiles each rule kind's own fields (member lists, steps, groups) into its typed rule record.</summary>
internal sealed class KindCompiler(RuleText text, string label, MemberResolver resolver)
{
    public PairRule Pair(PairRuleEntry entry)
    {
        var sideA = resolver.Resolve(entry.A, label, "a");
        var sideB = resolver.Resolve(entry.B, label, "b");
        var advice = new List<WashoutAdvice>();
        foreach (var written in entry.WashoutAdvice)
        {
            var ended = OnASide(written.Ended, sideA, sideB, "washoutAdvice.ended");
            if (!written.ReplacesManagement && HasPlaceholder(written.Text))
            {
                // only a washout finding has an ended member and a washout end to name
                throw new KnowledgeBaseException($"{label}: washoutAdvice names {{ended}}, {{active}} or {{until}} without replacesManagement");
            }

            if (written.ReplacesManagement && !entry.Washout)
            {
                // a rule without a washout has no washout finding whose recommendation it could replace
                throw new KnowledgeBaseException($"{label}: washoutAdvice with replacesManagement on a rule without a washout");
            }

            if (UnknownPlaceholder(written.Text) is { } unknown)
            {
                // a mistyped placeholder would reach care teams as it is written
                throw new KnowledgeBaseException($"{label}: washoutAdvice has an unknown placeholder '{unknown}' (known: {WashoutAdvice.EndedPlaceholder}, {WashoutAdvice.ActivePlaceholder}, {WashoutAdvice.UntilPlaceholder})");
            }

            advice.Add(new WashoutAdvice(ended, written.Text, written.ReplacesManagement));
        }

        if (entry.Washout && entry.EndedAdvice is { Count: > 0 })
        {
            // a washout keeps the finding after a member ends: what follows that end is washoutAdvice's to say
            throw new KnowledgeBaseException($"{label}: endedAdvice on a washout rule (a member's end does not resolve its finding; use washoutAdvice)");
        }

        var endedAdvice = new List<EndedAdvice>();
        foreach (var written in entry.EndedAdvice ?? [])
        {
            if (UnknownPlaceholder(written.Text, anyIsUnknown: true) is { } unknown)
            {
                // endedAdvice is said as written: a placeholder would reach care teams as it is written
                throw new KnowledgeBaseException($"{label}: endedAdvice has a placeholder '{unknown}', which it does not fill");
            }

            endedAdvice.Add(new EndedAdvice(OnASide(written.Ended, sideA, sideB, "endedAdvice.ended"), written.Text));
        }

        return new PairRule(text)
        {
            Washout = entry.Washout,
            SideA = sideA,
            SideB = sideB,
            WashoutAdvice = [.. advice],
            EndedAdvice = [.. endedAdvice],
            LoadAdvice = entry.LoadAdvice is { } load ? CompileLoadAdvice(load, sideA, sideB) : null,
        };
    }

    /// <summary>The members an advice is about, each of which must be on one of the rule's sides.</summary>
    private bool[] OnASide(IReadOnlyList<string> members, bool[] sideA, bool[] sideB, string field)
    {
        var resolved = resolver.Resolve(members, label, field);
        for (var i = 0; i < resolved.Length; i++)
        {
            if (resolved[i] && !sideA[i] && !sideB[i])
            {
                throw new KnowledgeBaseException($"{label}: {field} includes '{resolver.NameOf(i)}', which is on neither side of the rule");
            }
        }

        return resolved;
    }

    private static bool HasPlaceholder(string text) =>
        text.Contains(WashoutAdvice.EndedPlaceholder, StringComparison.Ordinal)
        || text.Contains(WashoutAdvice.ActivePlaceholder, StringComparison.Ordinal)
        || text.Contains(WashoutAdvice.UntilPlaceholder, StringComparison.Ordinal);

    /// <summary>
    /// The first <c>{word}</c> in <paramref name="text"/> that is not one of the washout placeholders (for an
    /// endedAdvice, which fills none, the caller refuses any): null when there is none.
    /// </summary>
    private static string? UnknownPlaceholder(string text, bool anyIsUnknown = false)
    {
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(text, @"\{[^{}]*\}"))
        {
            if (anyIsUnknown || match.Value is not (WashoutAdvice.EndedPlaceholder or WashoutAdvice.ActivePlaceholder or WashoutAdvice.UntilPlaceholder))
            {
                return match.Value;
            }
        }

        return null;
    }

    private LoadAdvice CompileLoadAdvice(LoadAdviceEntry entry, bool[] sideA, bool[] sideB)
    {
        var about = resolver.Resolve([entry.About], label, "loadAdvice.about");
        var ingredient = Array.IndexOf(about, true);
        if (ingredient < 0 || Array.IndexOf(about, true, ingredient + 1) >= 0)
        {
            throw new KnowledgeBaseException($"{label}: loadAdvice.about must name one ingredient, not '{entry.About}'");
        }

        return sideA[ingredient] || sideB[ingredient]
            ? new LoadAdvice(ingredient, entry.Text)
            : throw new KnowledgeBaseException($"{label}: loadAdvice.about '{entry.About}' is on neither side of the rule");
    }

    public LoadRule Load(LoadRuleEntry entry)
    {
        var countMask = resolver.RuleTagMask(entry.Count, label, "count");
        return new LoadRule(text)
        {
            MinCount = entry.MinCount,
            CountMask = countMask,
            ListMask = resolver.RuleTagMask(entry.List, label, "list"),
            AgentOf = resolver.SameAgent(entry.SameAgent, countMask, label),
        };
    }

    public ModifierRule Modifier(ModifierRuleEntry entry) => new(text) { WithinDays = entry.WithinDays };

    public DepletionRule Depletion(DepletionRuleEntry entry)
    {
        var steps = new List<DepletionStep>();
        foreach (var (minDays, severity) in entry.Steps)
        {
            if (minDays < 0 || (steps.Count > 0 && minDays <= steps[^1].MinDays))
            {
                throw new KnowledgeBaseException($"{label}: steps must have ascending, non-negative minDays");
            }

            steps.Add(new DepletionStep(minDays, WireValues.Severity(severity, label)));
        }

        if (steps.Count == 0)
        {
            throw new KnowledgeBaseException($"{label}: no steps");
        }

        bool[] unless = entry.Unless.Count == 0 ? [] : resolver.Resolve(entry.Unless, label, "unless", inGut: true);
        bool[] supplementedBy = entry.SupplementedBy.Count == 0 ? [] : resolver.Resolve(entry.SupplementedBy, label, "supplementedBy", inGut: true);
        for (var i = 0; i < supplementedBy.Length && unless.Length > 0; i++)
        {
            if (supplementedBy[i] && unless[i])
            {
                throw new KnowledgeBaseException($"{label}: '{resolver.NameOf(i)}' is in both 'unless' (which silences the rule) and 'supplementedBy' (which its finding names)");
            }
        }

        return new DepletionRule(text)
        {
            DepletedNutrient = entry.Nutrient,
            Triggers = resolver.Resolve(entry.Trigger, label, "trigger"),
            CoRisks = entry.CoRisk.Count == 0 ? [] : resolver.Resolve(entry.CoRisk, label, "coRisk"),
            Unless = unless,
            SupplementedBy = supplementedBy,
            Steps = [.. steps],
        };
    }

    public AbsorptionRule Absorption(AbsorptionRuleEntry entry) => new(text)
    {
        Objects = resolver.Resolve(entry.Object, label, "object", inGut: true),
        Precipitants = resolver.Resolve(entry.Precipitants, label, "precipitants", inGut: true),
    };

    public SetRule Set(SetRuleEntry entry)
    {
        SetGroup[] groups = [.. entry.Groups.Select(g => new SetGroup(resolver.Resolve(g.Members, label, "members"), Math.Max(1, g.Min)))];
        if (groups.Length == 0)
        {
            throw new KnowledgeBaseException($"{label}: no groups");
        }

        return new SetRule(text)
        {
            Anchors = resolver.Resolve(entry.Anchor, label, "anchor"),
            Groups = groups,
            MaxPartners = entry.MaxPartners,
            EscalateAt = entry.Escalate?.AtCount ?? 0,
            EscalatedSeverity = entry.Escalate is { } escalate ? WireValues.Severity(escalate.Severity, label) : text.Severity,
            SuppressedByIds = [.. entry.SuppressedBy],
        };
    }
}
