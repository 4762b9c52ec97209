namespace RegimenMonitor.Rules.Model;

/// <summary>
/// A management sentence of a pair rule that is about the interval after stopping one of its members
/// (<see cref="Ended"/>, indexed by ingredient id): "Allow 5 weeks after fluoxetine before starting the MAO-B
/// inhibitor". It is added to a finding's recommendation only in the direction it describes: when the finding involves
/// one of those members, and, for a finding matched through a washout window, when that member is the one that ended
/// (not when the other drug ended and the member was started within its washout).
/// </summary>
internal sealed record WashoutAdvice(bool[] Ended, string Text);
