using RegimenMonitor.Rules.Model;

namespace RegimenMonitor.Rules.Evaluation;

/// <summary>Per-thread working arrays of one evaluation, grown on demand and reused across evaluations.</summary>
internal sealed class EvaluationState
{
    public CoveragePeriod[] Periods = new CoveragePeriod[64];
    public int PeriodCount;
    public PresentIngredient[] Present = new PresentIngredient[32];
    public int PresentCount;
    public Hit[] Hits = new Hit[16];
    public int HitCount;
    public int[] Members = new int[64];
    public int MemberCount;
    public CoveragePeriod[] ClassPeriods = new CoveragePeriod[16];

    /// <summary>Item indices of the other products a present ingredient names (<see cref="PresentIngredient.AlsoStart"/>).</summary>
    public int[] Also = new int[8];
    public int AlsoCount;

    public NextChange Next { get; } = new();

    public void Reset(int itemCount)
    {
        PeriodCount = 0;
        PresentCount = 0;
        HitCount = 0;
        MemberCount = 0;
        AlsoCount = 0;
        Next.Reset();
        if (Periods.Length < itemCount * 2)
        {
            Periods = new CoveragePeriod[itemCount * 2];
        }
    }

    /// <summary>The present ingredient that is member <paramref name="m"/> of a hit.</summary>
    public ref PresentIngredient Member(in Hit hit, int m) => ref Present[Members[hit.MemberStart + m]];

    public ref Hit AddHit(Rule rule, Severity severity) =>
        ref GrowArray.Append(ref Hits, ref HitCount, new Hit
        {
            Rule = rule, Severity = severity, MemberStart = MemberCount, SupersededBy = -1, RecentMember = -1, EndedUnless = -1,
        });

    public ref Hit AddPair(Rule rule, Severity severity, int first, int second, long since)
    {
        ref var hit = ref AddHit(rule, severity);
        hit.Since = since;
        AddMember(ref hit, first);
        AddMember(ref hit, second);
        return ref hit;
    }

    public void AddMember(ref Hit hit, int presentIndex)
    {
        GrowArray.Append(ref Members, ref MemberCount, presentIndex);
        hit.MemberCount++;
    }
}
