namespace RegimenMonitor.Rules.Model;

/// <summary>
/// A management sentence of a pair rule that is about the interval after stopping one of its members
/// (<see cref="Ended"/>, indexed by ingredient id): "Allow 5 weeks after fluoxetine before starting the MAO-B
/// inhibitor". It is added to a finding's recommendation only in the direction it describes: when the finding involves
/// one of those members, and, for a finding matched through a washout window, when that member is the one that ended
/// (not when the other drug ended and the member was started within its washout).
/// With <see cref="ReplacesManagement"/>, the sentence is the recommendation of a finding that holds only through the
/// washout after one of those members ended, in place of the rule's management (written for two agents taken
/// together: "Stop one agent" is no advice once one has stopped), and it is never added to any other finding; its
/// <c>{ended}</c>, <c>{active}</c> and <c>{until}</c> are replaced by the ended ingredient, the one still taken and the
/// washout's last day.
/// </summary>
internal sealed record WashoutAdvice(bool[] Ended, string Text, bool ReplacesManagement = false)
{
    public const string EndedPlaceholder = "{ended}";
    public const string ActivePlaceholder = "{active}";
    public const string UntilPlaceholder = "{until}";
}
