using RegimenMonitor.Rules.Evaluation;

namespace RegimenMonitor.Rules;

/// <summary>
/// Evaluates a whole regimen at an instant. Pure: time is the <c>asOf</c> argument, nothing is read from a clock,
/// and the same input always gives the same output. Thread-safe: share one instance (per-call working arrays are
/// kept per thread and reused, so an evaluation that raises no finding allocates only its result).
/// </summary>
/// <remarks>
/// Time model (see docs/rules.md): a dispense covers <c>[startedAt, startedAt + daysSupply + grace)</c> with
/// grace = ceil(20 % of daysSupply) days, at most 14 days; a medication without daysSupply, and a supplement,
/// runs until <c>StoppedAt</c> (ongoing when null); an item that starts after <c>asOf</c> is not active yet.
/// Coverage periods of one ingredient that overlap or touch merge into one continuous run, whose start is the
/// therapy start used for durations and for <see cref="Finding.Since"/>. Washout windows are counted from the
/// end of the last run. All instants in the output are UTC. The steps live in <c>Evaluation/</c>: the timeline,
/// one class per rule family, the next-change tracking, the finding text and the fingerprint.
/// </remarks>
public sealed class RuleEngine
{
    [ThreadStatic]
    private static EvaluationState? _state;

    private readonly KnowledgeBase _kb;
    private readonly Timeline _timeline;
    private readonly SerotonergicPairFamily _pairs;
    private readonly AbsorptionFamily _absorption;
    private readonly LoadFamily _load;
    private readonly DepletionFamily _depletion;
    private readonly SetFamily _sets;
    private readonly RecentStartModifier _recentStart;

    /// <summary>Creates an engine over a loaded knowledge base.</summary>
    public RuleEngine(KnowledgeBase knowledgeBase)
    {
        ArgumentNullException.ThrowIfNull(knowledgeBase);
        _kb = knowledgeBase;
        _timeline = new Timeline(knowledgeBase);
        _pairs = new SerotonergicPairFamily(knowledgeBase);
        _absorption = new AbsorptionFamily(knowledgeBase);
        _load = new LoadFamily(knowledgeBase);
        _depletion = new DepletionFamily(knowledgeBase);
        _sets = new SetFamily(knowledgeBase);
        _recentStart = new RecentStartModifier(knowledgeBase);
    }

    /// <summary>Refill grace in whole days for a days supply: ceil(20 %), at most 14 days.</summary>
    public static int GraceDays(int daysSupply) => Coverage.GraceDays(daysSupply);

    /// <summary>
    /// When the engine stops counting <paramref name="item"/> as taken (exclusive): a dispense's days supply plus the
    /// refill grace, a stop, whichever comes first; null while nothing ends it (a supplement reported active).
    /// </summary>
    public static DateTimeOffset? CoveredUntil(RegimenItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var end = Coverage.EndOf(item, item.StartedAt.UtcTicks);
        return end == Coverage.Ongoing ? null : new DateTimeOffset(end, TimeSpan.Zero);
    }

    /// <summary>Evaluates the regimen as of the given instant.</summary>
    public EvaluationResult Evaluate(IReadOnlyList<RegimenItem> items, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(items);
        var state = _state ??= new EvaluationState();
        state.Reset(items.Count);
        var now = asOf.UtcTicks;

        _timeline.Build(items, now, state);
        MatchPairs(state, now);
        SameProductPairs.Suppress(state);
        _load.Evaluate(state);
        _depletion.Evaluate(state, now);
        _sets.Evaluate(state);
        for (var h = 0; h < state.HitCount; h++)
        {
            state.Next.ConsiderEndsOf(state.Hits[h], state);
        }

        _recentStart.Apply(state, now);

        return new EvaluationResult
        {
            RuleSetVersion = _kb.Version,
            Findings = FindingAssembler.Assemble(new FindingSource(_kb, items, state, now)),
            NextChangeAt = state.Next.Result,
        };
    }

    /// <summary>Every pair of present ingredients with at least one active: serotonergic pairs, then absorption.</summary>
    private void MatchPairs(EvaluationState state, long now)
    {
        for (var i = 0; i < state.PresentCount; i++)
        {
            for (var j = i + 1; j < state.PresentCount; j++)
            {
                if (state.Present[i].Active || state.Present[j].Active)
                {
                    _pairs.Match(state, i, j, now);
                    _absorption.Match(state, i, j);
                }
            }
        }
    }
}
