namespace RegimenMonitor.Rules.Model;

/// <summary>Serotonergic load (SER-17): at least <see cref="MinCount"/> counted agents active together.</summary>
internal sealed class LoadRule(RuleText text) : Rule(text)
{
    public override RuleKind Kind => RuleKind.Load;

    /// <summary>Tags of the counted agents.</summary>
    public required ulong CountMask { get; init; }

    /// <summary>Tags of agents listed in the finding but not counted.</summary>
    public required ulong ListMask { get; init; }

    /// <summary>Minimum number of counted agents.</summary>
    public required int MinCount { get; init; }

    /// <summary>
    /// By ingredient id, the agent it counts as: its own id, or for forms of one drug (<c>sameAgent</c>: the amphetamine
    /// salts of Adderall, lisdexamfetamine) one shared id, so a product or regimen holding several counts once.
    /// </summary>
    public required int[] AgentOf { get; init; }

    /// <summary>Whether an ingredient with these tags is counted or listed.</summary>
    public bool Includes(ulong tags) => (tags & (CountMask | ListMask)) != 0;

    /// <summary>Whether an ingredient with these tags is counted.</summary>
    public bool Counts(ulong tags) => (tags & CountMask) != 0;
}
