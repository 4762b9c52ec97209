using RegimenMonitor.LoadDriver.Alerts;
using RegimenMonitor.LoadDriver.Broker;
using RegimenMonitor.LoadDriver.Measurement;
using RegimenMonitor.LoadDriver.Services;

namespace RegimenMonitor.LoadDriver.Reporting;

/// <summary>Everything one run measured, written as JSON (camelCase) and printed as a table.</summary>
internal sealed record LoadReport
{
    public required MachineInfo Machine { get; set; }

    public RunParameters Parameters { get; set; } = null!;

    public BaselineResult? Baseline { get; set; }

    public ThroughputResult? Pipeline { get; set; }

    /// <summary>Pipeline events/s divided by baseline messages/s.</summary>
    public double? Ratio { get; set; }

    public LatencyResult? Latency { get; set; }

    public MemoryResult? WorkerMemory { get; set; }

    public IReadOnlyList<GoalResult> Goals { get; set; } = [];

    public IReadOnlyList<string> Notes { get; set; } = [];

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset FinishedAt { get; set; }

    /// <summary>The machine and the services the run measured.</summary>
    internal sealed record MachineInfo(
        int Cores, string CpuModel, long MemoryMb, string Os, string Kernel, string DotNet, string RabbitMq, string Erlang, string PostgreSql,
        string LoadAverageAtStart, string? LoadAverageAtEnd);

    /// <summary>What was run.</summary>
    internal sealed record RunParameters(
        int Events, int Patients, int WarmupEvents, double OfferedRate, double DurationSeconds, int LatencyEvents, int ConfirmBatch, int Seed,
        bool QuorumQueues, string WorkerExecutable, IReadOnlyDictionary<string, string> WorkerEnvironment, IReadOnlyDictionary<string, int> EventMix,
        int AlertingCombinations, double AverageBodyBytes, string CommitTimeSource)
    {
        /// <summary>default, alert-heavy or long-history.</summary>
        public string Mix { get; init; } = "default";

        /// <summary>Long-history: events written before the measured run (not measured).</summary>
        public int HistoryEvents { get; init; }

        /// <summary>Whether the database was analysed after the warm-up (opt-in).</summary>
        public bool Analyze { get; init; }

        /// <summary>random_page_cost set on the run's database (opt-in); null: the server's.</summary>
        public double? RandomPageCost { get; init; }

        /// <summary>The database's preparation in words, as printed.</summary>
        public string DatabaseSetup { get; init; } = string.Empty;
    }

    /// <summary>Phase 2a: N events published as fast as confirms allow; committed per second.</summary>
    internal sealed record ThroughputResult
    {
        public required int Events { get; init; }

        /// <summary>Events / (first publish → last commit).</summary>
        public required double EventsPerSecond { get; init; }

        /// <summary>Events between the 10 % and 90 % commits / the time between them (without ramp-up and tail).</summary>
        public required double SteadyEventsPerSecond { get; init; }

        /// <summary>The first ⌈N/2⌉ commits / (first publish → the commit completing them).</summary>
        public required double FirstHalfEventsPerSecond { get; init; }

        /// <summary>The remaining commits / (that commit → the last commit).</summary>
        public required double SecondHalfEventsPerSecond { get; init; }

        /// <summary>Commits up to the last publish / (first publish → last publish): the pipeline sharing the CPU with the driver.</summary>
        public required double WhilePublishingEventsPerSecond { get; init; }

        /// <summary>The remaining commits / (last publish → last commit): the pipeline alone on the machine.</summary>
        public required double AfterPublishingEventsPerSecond { get; init; }

        /// <summary>First publish → last publish, seconds.</summary>
        public required double PublishingSeconds { get; init; }

        public required double Seconds { get; init; }

        public required double PublishSeconds { get; init; }

        public required double PublishPerSecond { get; init; }

        public required long MaxQueueBacklog { get; init; }

        public required long ErrorQueueMessages { get; init; }

        public required CpuUsage Cpu { get; init; }

        public required DatabaseActivity Database { get; init; }

        public required TimeToAlertResult TimeToAlert { get; init; }
    }

    /// <summary>Phase 2b: a fixed offered rate; latency publish → commit of every event.</summary>
    internal sealed record LatencyResult
    {
        public required double OfferedRate { get; init; }

        public required double AchievedPublishRate { get; init; }

        public required double MaxScheduleLagMs { get; init; }

        public required int Events { get; init; }

        public required string CommitTimeSource { get; init; }

        public required LatencyStatistics? PublishToCommitMs { get; init; }

        /// <summary>The seconds of the run with events over the goal: a tail held in a few seconds is a stall.</summary>
        public SlowSeconds? SlowSeconds { get; init; }

        /// <summary>The worker's statements seen waiting for the disk to confirm the write-ahead log.</summary>
        public WalFlushWaits? WalFlushWaits { get; init; }

        public required long MaxQueueBacklog { get; init; }

        public required CpuUsage Cpu { get; init; }

        public required DatabaseActivity Database { get; init; }

        public required TimeToAlertResult TimeToAlert { get; init; }
    }

    /// <summary>The worker's memory: the kernel's high-water mark and the sampled resident set.</summary>
    internal sealed record MemoryResult(double PeakHwmMb, double PeakSampledRssMb, double MeanRssThroughputMb, double MeanRssLatencyMb, double RssAfterStartMb,
        IReadOnlyList<double[]> RssTimelineMb);

    /// <summary>
    /// What the bench database did during a phase, per event. The pg_stat_database counters include the driver's own
    /// polling (one count(*) of processed_events every 100 ms, one commit each); pg_stat_statements figures do not.
    /// </summary>
    internal sealed record DatabaseActivity(
        DatabaseCounters Counters, double CommitsPerEvent, double RollbacksPerEvent, double TuplesReturnedPerEvent, double TuplesInsertedPerEvent,
        double TuplesUpdatedPerEvent, double? StatementsPerEvent, IReadOnlyList<StatementPerEvent> TopStatements);

    /// <summary>One statement and how often it ran per event.</summary>
    internal sealed record StatementPerEvent(double CallsPerEvent, double MeanMs, long Calls, string Query);

    /// <summary>One goal of issue #5 and whether this run met it.</summary>
    internal sealed record GoalResult(string Goal, string Actual, bool? Met);
}
