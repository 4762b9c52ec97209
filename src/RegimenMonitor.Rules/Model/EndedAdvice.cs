namespace RegimenMonitor.Rules.Model;

/// <summary>
/// What a pair rule asks once one of its members (<see cref="Ended"/>, indexed by ingredient id) is no longer taken:
/// St John's wort's enzyme induction wears off after it stops, so the levels of the medicines it lowered may rise. A
/// finding carries it (<see cref="FindingEndedAdvice"/>) for each of its members it is about; the worker adds it to the
/// resolution an end of that member causes, and to no other.
/// </summary>
internal sealed record EndedAdvice(bool[] Ended, string Text);
