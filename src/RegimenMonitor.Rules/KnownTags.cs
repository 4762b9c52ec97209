namespace RegimenMonitor.Rules;

/// <summary>
/// The closed tag vocabulary of the ingredient catalogue. The engine's logic depends on these names, so a tag
/// outside this list is a knowledge-base error. Each tag is one bit of a <see cref="ulong"/> mask.
/// </summary>
internal static class KnownTags
{
    private static readonly string[] Names =
    [
        // Serotonergic tiers (clinical reference section 1).
        "MAOI", "MAOI-B", "MAOI-LMB", "MAOI-HARMALA", "MAO-INHIBITING",
        "SRI-S", "SRI-W", "REL", "PRE", "AGO", "OTH",
        // SER-17 counting: counted agents and agents listed but not counted.
        "LOAD-COUNT", "LOAD-LIST",
        // Classes.
        "SSRI", "SNRI", "TCA", "TRIPTAN", "5HT3-ANTAGONIST", "ANTIDEPRESSANT", "ANTIDEPRESSANT-MAOI",
        "ANTIPSYCHOTIC", "OPIOID", "OPIOID-SRI", "BENZODIAZEPINE", "CNS-DEPRESSANT", "SYMPATHOMIMETIC",
        "CYP3A-SUBSTRATE", "CYP2D6-SUBSTRATE",
        "PPI", "H2RA", "THIAZIDE", "LOOP-DIURETIC", "HYPONATREMIA-RISK", "AMINOGLYCOSIDE", "CALCINEURIN-INHIBITOR",
        "QUINOLONE", "TETRACYCLINE", "INTEGRASE-INHIBITOR", "BISPHOSPHONATE", "CHELATING-CATION", "ANTACID",
        "DEPLETES-MAGNESIUM", "DEPLETES-B12", "DEPLETES-POTASSIUM", "DEPLETES-SODIUM", "DEPLETES-B6", "DEPLETES-FOLATE", "DEPLETES-VITAMIN-D",
        "DEPLETES-CALCIUM",
        "KRATOM", "SUPPLEMENT",
        // A product whose minerals its text does not name (a multivitamin): a named mineral of the same product wins.
        "UNNAMED-MINERALS",
    ];

    private static readonly Dictionary<string, int> Bits = BuildBits();

    /// <summary>Tags that make an ingredient serotonergic for SER-18 and the load rule.</summary>
    internal static readonly ulong Serotonergic = MaskOf("MAO-INHIBITING", "SRI-S", "SRI-W", "REL", "PRE", "AGO", "OTH", "LOAD-COUNT", "LOAD-LIST");

    internal static readonly ulong ChelatingCation = MaskOf("CHELATING-CATION");

    internal static readonly ulong Supplement = MaskOf("SUPPLEMENT");

    internal static readonly ulong UnnamedMinerals = MaskOf("UNNAMED-MINERALS");

    internal static bool TryGetBit(string name, out ulong bit)
    {
        if (Bits.TryGetValue(name, out var index))
        {
            bit = 1UL << index;
            return true;
        }

        bit = 0;
        return false;
    }

    internal static ulong MaskOf(params string[] names)
    {
        ulong mask = 0;
        foreach (var name in names)
        {
            if (!TryGetBit(name, out var bit))
            {
                throw new InvalidOperationException($"unknown built-in tag '{name}'");
            }

            mask |= bit;
        }

        return mask;
    }

    private static Dictionary<string, int> BuildBits()
    {
        if (Names.Length > 64)
        {
            throw new InvalidOperationException("at most 64 tags fit a mask");
        }

        var bits = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Names.Length; i++)
        {
            bits.Add(Names[i], i);
        }

        return bits;
    }
}
