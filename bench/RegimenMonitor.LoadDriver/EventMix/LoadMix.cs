namespace RegimenMonitor.LoadDriver.EventMix;

/// <summary>Which feed a run publishes (<c>--mix</c>).</summary>
internal enum LoadMix
{
    /// <summary>Many patients, a few events each over two months: 15 % complete one alerting pair.</summary>
    Default,

    /// <summary>
    /// About 5,000 patients and 14 common products (the twelve of the alerting pairs, one chronic medication, one
    /// supplement): 60 % of the patients complete an alerting pair, another 20 % are on an antidepressant.
    /// </summary>
    AlertHeavy,

    /// <summary>
    /// Few patients with years of therapy: eight chronic medications refilled monthly (about 300 dispenses over three
    /// years), a few old dispenses reversed; the history is written before the measured run, which continues it.
    /// </summary>
    LongHistory,
}
