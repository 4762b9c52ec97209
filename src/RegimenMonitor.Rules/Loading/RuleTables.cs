using RegimenMonitor.Rules.Model;

namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// Stage 3: the lookup tables the engine evaluates with, built from the typed rules (see <see cref="KnowledgeBase"/>
/// for what each table holds). Arrays are indexed by ingredient id; pair tables by <c>p * n + q</c>.
/// </summary>
internal sealed class RuleTables
{
    private readonly int _n;

    private RuleTables(int ingredientCount, Rule[] rules)
    {
        _n = ingredientCount;
        PairRules = [.. rules.OfType<PairRule>()];
        AbsorptionRules = [.. rules.OfType<AbsorptionRule>()];
        SetRules = [.. rules.OfType<SetRule>()];
        SerotonergicPairs = new short[_n * _n];
        AbsorptionPairs = new short[_n * _n];
        WashoutDays = new byte[_n * _n];
        MaxWashoutDays = new byte[_n];
        CounteractsDepletion = new bool[_n];
        RuleRelevant = new bool[_n];
    }

    public PairRule[] PairRules { get; }

    public short[] SerotonergicPairs { get; }

    public AbsorptionRule[] AbsorptionRules { get; }

    public short[] AbsorptionPairs { get; }

    public byte[] WashoutDays { get; }

    public byte[] MaxWashoutDays { get; }

    /// <summary>Ingredients in some depletion rule's <c>unless</c> set: their last run stays known after it ends.</summary>
    public bool[] CounteractsDepletion { get; }

    public DepletionRule[][] DepletionRules { get; private set; } = [];

    public SetRule[] SetRules { get; }

    public LoadRule? Load { get; private set; }

    public ModifierRule? Modifier { get; private set; }

    public bool[] RuleRelevant { get; }

    public static RuleTables Build(Rule[] rules, IReadOnlyList<Washout> washouts, ulong[] tags, LoadErrors errors)
    {
        var tables = new RuleTables(tags.Length, rules);
        for (var r = 0; r < tables.PairRules.Length; r++)
        {
            tables.FillPairs(tables.SerotonergicPairs, tables.PairRules, r, tables.PairRules[r].SideA, tables.PairRules[r].SideB);
        }

        for (var r = 0; r < tables.AbsorptionRules.Length; r++)
        {
            tables.FillPairs(tables.AbsorptionPairs, tables.AbsorptionRules, r, tables.AbsorptionRules[r].Objects, tables.AbsorptionRules[r].Precipitants);
        }

        foreach (var washout in washouts)
        {
            tables.AddWashout(washout);
        }

        tables.AddSingletons(rules, tags, errors);
        tables.IndexDepletion(rules);
        foreach (var set in tables.SetRules)
        {
            errors.Catch(() => tables.ResolveSet(set));
        }

        return tables;
    }

    private void FillPairs<T>(short[] table, T[] rules, int r, bool[] sideA, bool[] sideB)
        where T : Rule
    {
        for (var a = 0; a < _n; a++)
        {
            if (!sideA[a])
            {
                continue;
            }

            RuleRelevant[a] = true;
            for (var b = 0; b < _n; b++)
            {
                if (!sideB[b] || a == b)
                {
                    continue;
                }

                RuleRelevant[b] = true;
                SetPair(table, rules, (a * _n) + b, r, forward: true);
                SetPair(table, rules, (b * _n) + a, r, forward: false);
            }
        }
    }

    private static void SetPair<T>(short[] table, T[] rules, int slot, int rule, bool forward)
        where T : Rule
    {
        var existing = table[slot];
        if (existing != 0 && rules[Math.Abs(existing) - 1].Severity >= rules[rule].Severity)
        {
            return; // Earlier rule of equal or higher severity wins: one finding per pair.
        }

        table[slot] = (short)(forward ? rule + 1 : -(rule + 1));
    }

    private void AddWashout(Washout washout)
    {
        for (var e = 0; e < _n; e++)
        {
            for (var o = 0; washout.Ended[e] && o < _n; o++)
            {
                if (washout.Before[o] && o != e && WashoutDays[(e * _n) + o] < washout.Days)
                {
                    WashoutDays[(e * _n) + o] = (byte)washout.Days;
                    MaxWashoutDays[e] = Math.Max(MaxWashoutDays[e], (byte)washout.Days);
                }
            }
        }
    }

    private void AddSingletons(Rule[] rules, ulong[] tags, LoadErrors errors)
    {
        foreach (var rule in rules)
        {
            if (rule is LoadRule load)
            {
                if (Load is not null)
                {
                    errors.Add($"rule '{rule.Id}': only one load rule is supported");
                    continue;
                }

                Load = load;
                for (var i = 0; i < _n; i++)
                {
                    RuleRelevant[i] |= load.Includes(tags[i]);
                }
            }
            else if (rule is ModifierRule modifier)
            {
                if (Modifier is not null)
                {
                    errors.Add($"rule '{rule.Id}': only one modifier rule is supported");
                    continue;
                }

                Modifier = modifier;
            }
        }
    }

    private void IndexDepletion(Rule[] rules)
    {
        var byTrigger = new List<DepletionRule>[_n];
        foreach (var rule in rules.OfType<DepletionRule>())
        {
            for (var i = 0; i < _n; i++)
            {
                if (rule.Triggers[i])
                {
                    (byTrigger[i] ??= []).Add(rule);
                    RuleRelevant[i] = true;
                }

                RuleRelevant[i] |= (rule.RequiresCoRisk && rule.CoRisks[i]) || (rule.HasUnless && rule.Unless[i])
                    || (rule.HasSupplementedBy && rule.SupplementedBy[i]);
                CounteractsDepletion[i] |= rule.HasUnless && rule.Unless[i];
            }
        }

        DepletionRules = [.. byTrigger.Select(l => l?.ToArray() ?? [])];
    }

    private void ResolveSet(SetRule rule)
    {
        for (var i = 0; i < _n; i++)
        {
            RuleRelevant[i] |= rule.Anchors[i] || rule.Groups.Any(g => g.Members[i]);
        }

        rule.SuppressedBy = [.. rule.SuppressedByIds.Select(id =>
            Array.Find(SetRules, x => string.Equals(x.Id, id, StringComparison.Ordinal))
                ?? throw new KnowledgeBaseException($"rule '{rule.Id}': suppressedBy names unknown set rule '{id}'"))];
    }
}
