namespace RegimenMonitor.LoadDriver.EventMix;

/// <summary>What to generate. The same settings (and seed) always give the same events.</summary>
internal sealed record EventMixSettings
{
    public required int Events { get; init; }

    public required int Patients { get; init; }

    /// <summary>Timestamps are placed before this instant (the worker evaluates regimens as of its clock).</summary>
    public required DateTimeOffset AsOf { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Patient ids are <c>{prefix}-000001</c>, …; distinct prefixes keep runs apart.</summary>
    public string PatientPrefix { get; init; } = "LD";

    /// <summary>The feed: products, scenarios and timelines (<see cref="LoadMix"/>).</summary>
    public LoadMix Mix { get; init; } = LoadMix.Default;

    /// <summary>
    /// Long-history mix: events per patient written before the measured ones (the older part of the same timelines).
    /// </summary>
    public int HistoryPerPatient { get; init; }

    /// <summary>Share of patients whose events complete an alerting combination.</summary>
    public double AlertingShare => Mix == LoadMix.AlertHeavy ? 0.6 : 0.15;

    /// <summary>Share of patients on an antidepressant that stays quiet.</summary>
    public double SsriShare => 0.2;
}
