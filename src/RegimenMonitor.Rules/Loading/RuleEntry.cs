namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// A rule entry as written: the common <see cref="RuleHeader"/> plus the kind's own fields in a subclass
/// (<see cref="PairRuleEntry"/>, <see cref="LoadRuleEntry"/>, <see cref="ModifierRuleEntry"/>,
/// <see cref="DepletionRuleEntry"/>, <see cref="AbsorptionRuleEntry"/>, <see cref="SetRuleEntry"/>).
/// </summary>
internal abstract record RuleEntry(RuleHeader Header);
