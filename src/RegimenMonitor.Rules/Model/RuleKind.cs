namespace RegimenMonitor.Rules.Model;

/// <summary>How a rule is evaluated.</summary>
internal enum RuleKind
{
    /// <summary>Two ingredients, both active (or one within its washout window).</summary>
    Pair,

    /// <summary>Serotonergic load: three or more counted agents (SER-17).</summary>
    Load,

    /// <summary>Message modifier for recent starts (SER-18); produces no finding itself.</summary>
    Modifier,

    /// <summary>Continuous therapy duration of one ingredient, optionally with a co-risk.</summary>
    Depletion,

    /// <summary>Object drug and precipitant both active: spacing instruction.</summary>
    Absorption,

    /// <summary>An anchor ingredient with all active partners from member groups (kratom rules).</summary>
    Set,
}
