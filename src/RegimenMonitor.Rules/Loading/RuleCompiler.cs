using RegimenMonitor.Rules.Model;

namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// Stage 2 for rules.json: validates each parsed rule and washout entry and compiles it into its typed record
/// (one per rule kind). Every invalid entry is reported to <see cref="LoadErrors"/> and left out.
/// </summary>
internal sealed class RuleCompiler(RulesFile file, MemberResolver resolver, LoadErrors errors)
{
    private readonly EvidenceCompiler _evidence = new(file.References, resolver);
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    public List<Rule> CompileRules()
    {
        var rules = new List<Rule>();
        foreach (var entry in file.Rules)
        {
            if (errors.Catch(() => Compile(entry)) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return rules;
    }

    public List<Washout> CompileWashouts()
    {
        var washouts = new List<Washout>();
        foreach (var entry in file.Washouts)
        {
            if (errors.Catch(() => Compile(entry)) is { } washout)
            {
                washouts.Add(washout);
            }
        }

        return washouts;
    }

    private Rule Compile(RuleEntry entry)
    {
        var header = entry.Header;
        var label = header.Label;
        if (!_ids.Add(header.Id))
        {
            throw new KnowledgeBaseException($"{label}: duplicate id");
        }

        var text = new RuleText(
            header.Id,
            WireValues.Concern(header.Concern, label),
            WireValues.Severity(header.Severity, label),
            header.Title,
            header.Mechanism,
            header.Management,
            _evidence.Compile(header.Evidence, label),
            _evidence.Scopes(header.Evidence, label));
        var kinds = new KindCompiler(text, label, resolver);
        return entry switch
        {
            PairRuleEntry pair => kinds.Pair(pair),
            LoadRuleEntry load => kinds.Load(load),
            ModifierRuleEntry modifier => kinds.Modifier(modifier),
            DepletionRuleEntry depletion => kinds.Depletion(depletion),
            AbsorptionRuleEntry absorption => kinds.Absorption(absorption),
            SetRuleEntry set => kinds.Set(set),
            _ => throw new KnowledgeBaseException($"{label}: unknown kind"),
        };
    }

    private Washout Compile(WashoutEntry entry)
    {
        var label = entry.Label;
        if (!_ids.Add(entry.Id))
        {
            throw new KnowledgeBaseException($"{label}: duplicate id");
        }

        _ = _evidence.Compile(entry.Evidence, label);
        if (entry.Days is < 1 or > 255)
        {
            throw new KnowledgeBaseException($"{label}: days must be 1-255");
        }

        return new Washout(entry.Id, entry.Days, resolver.Resolve(entry.Ended, label, "ended"), resolver.Resolve(entry.Before, label, "before"));
    }
}
