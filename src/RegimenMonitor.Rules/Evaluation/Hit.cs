using RegimenMonitor.Rules.Model;

namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// A rule that fired, before it is turned into a <see cref="Finding"/>. Its members are
/// <c>EvaluationState.Members[MemberStart .. MemberStart + MemberCount)</c>, indices of present ingredients.
/// </summary>
internal struct Hit
{
    public Rule Rule;
    public Severity Severity;
    public int MemberStart;
    public int MemberCount;
    public long Since;
    public Suppression Suppression;

    /// <summary>The hit that supersedes this one (load, set or same nutrient), or -1.</summary>
    public int SupersededBy;

    /// <summary>Serotonergic findings: the present index of a recently started member, or -1.</summary>
    public int RecentMember;

    /// <summary>Pair findings matched through a washout window.</summary>
    public WashoutWindow? Washout;

    /// <summary>Depletion findings: the duration step reached.</summary>
    public DepletionStep Step;

    /// <summary>
    /// Depletion findings: the present index of the counteracting ingredient (<c>unless</c>) whose run ended during the
    /// trigger's run, the finding being dated from that end; or -1.
    /// </summary>
    public int EndedUnless;

    /// <summary>
    /// Depletion findings: the therapy the duration counts, of the rule's trigger ingredients together (a switch from
    /// omeprazole to pantoprazole continues it; <see cref="DepletionFamily"/>).
    /// </summary>
    public ClassTherapy Therapy;

    public readonly bool Suppressed => Suppression != Suppression.None;
}
