namespace RegimenMonitor.LoadDriver.EventMix;

/// <summary>
/// Product texts as pharmacy feeds and care teams write them: brand names, strengths, generic names with salts, and a
/// few products the knowledge base does not know. The quiet lists never fire a rule on their own or together; the
/// alerting pairs do.
/// </summary>
internal static class Products
{
    /// <summary>Chronic medications that interact with nothing in the quiet lists.</summary>
    public static IReadOnlyList<string> QuietMedications { get; } =
    [
        "Lipitor 20 mg tablet", "Zestril 10 mg tablet", "Norvasc 5 mg tablet", "Toprol XL 50 mg tablet",
        "Cozaar 50 mg tablet", "Glucophage 500 mg tablet", "Crestor 10 mg tablet", "Januvia 100 mg tablet",
        "Singulair 10 mg tablet", "ATORVASTATIN CALCIUM 40MG TAB", "Lisinopril 20 mg tablet", "Coumadin 5 mg tablet",
    ];

    /// <summary>Antidepressants that are quiet alone (one per patient).</summary>
    public static IReadOnlyList<string> Ssris { get; } =
    [
        "Zoloft 50 mg tablet", "Lexapro 10 mg tablet", "Prozac 20 mg capsule", "SERTRALINE HCL 100MG TAB",
    ];

    /// <summary>Supplements and OTC products that interact with nothing in the quiet lists (two are not catalogued).</summary>
    public static IReadOnlyList<string> QuietSupplements { get; } =
    [
        "Vitamin D3 2000 IU softgel", "Vitamin B12 1000 mcg tablet", "Fish oil 1000 mg softgel",
        "Tylenol Extra Strength 500 mg caplet", "Os-Cal 500 mg calcium tablet", "Melatonin 3 mg gummy", "Advil 200 mg tablet",
    ];

    /// <summary>
    /// Two products that alert together: the first is on hand, the second completes the combination. Each side is a
    /// dispense unless marked as a supplement.
    /// </summary>
    public static IReadOnlyList<AlertingPair> AlertingPairs { get; } =
    [
        new("ssri-tramadol", new("Zoloft 50 mg tablet", false, 30), new("Ultram 50 mg tablet", false, 10)),
        new("ssri-tramadol", new("Lexapro 10 mg tablet", false, 30), new("Ultram 50 mg tablet", false, 10)),
        new("maoi-ssri", new("Nardil 15 mg tablet", false, 30), new("Zoloft 50 mg tablet", false, 30)),
        new("ssri-st-johns-wort", new("Zoloft 100 mg tablet", false, 30), new("St. John's Wort 300 mg capsule", true, null)),
        new("levothyroxine-calcium", new("Synthroid 100 mcg tablet", false, 90), new("Caltrate 600 mg calcium tablet", true, null)),
        new("ciprofloxacin-magnesium", new("Slow-Mag 64 mg tablet", true, null), new("Cipro 500 mg tablet", false, 7)),
        new("kratom-opioid", new("Kratom powder (Maeng Da) 2 g", true, null), new("Roxicodone 5 mg tablet", false, 10)),
    ];
}

/// <summary>The products of one mix (<see cref="LoadMix"/>).</summary>
internal sealed record ProductSet(
    IReadOnlyList<string> QuietMedications, IReadOnlyList<string> Ssris, IReadOnlyList<string> QuietSupplements, IReadOnlyList<AlertingPair> AlertingPairs)
{
    public static ProductSet Default { get; } = new(Products.QuietMedications, Products.Ssris, Products.QuietSupplements, Products.AlertingPairs);

    /// <summary>14 common products: the twelve of the alerting pairs, one chronic medication and one supplement.</summary>
    public static ProductSet AlertHeavy { get; } = new(["Lipitor 20 mg tablet"], ["Zoloft 50 mg tablet"], ["Vitamin D3 2000 IU softgel"], Products.AlertingPairs);

    public static ProductSet For(LoadMix mix) => mix == LoadMix.AlertHeavy ? AlertHeavy : Default;

    /// <summary>Every distinct product text of the set.</summary>
    public IReadOnlyList<string> All =>
        [.. QuietMedications.Concat(Ssris).Concat(QuietSupplements).Concat(AlertingPairs.SelectMany(p => new[] { p.OnHand.Text, p.Completing.Text })).Distinct()];
}

/// <summary>A product on one side of an alerting pair.</summary>
internal sealed record AlertingProduct(string Text, bool IsSupplement, int? DaysSupply);

/// <summary>A combination the rule set alerts on, named for reports.</summary>
internal sealed record AlertingPair(string Name, AlertingProduct OnHand, AlertingProduct Completing);
