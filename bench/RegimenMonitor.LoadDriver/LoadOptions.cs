using System.Globalization;
using RegimenMonitor.LoadDriver.EventMix;

namespace RegimenMonitor.LoadDriver;

/// <summary>Everything a run is parameterised by; the defaults are the documented run.</summary>
internal sealed record LoadOptions
{
    public const string QueuePrefix = "regimen-load";

    public int Events { get; init; } = 60_000;

    public int Patients { get; init; } = 6_000;

    /// <summary>The feed (<c>--mix</c>): default, alert-heavy or long-history.</summary>
    public LoadMix Mix { get; init; } = LoadMix.Default;

    /// <summary>Long-history mix: events per patient written (not measured) before the measured run.</summary>
    public int History { get; init; }

    /// <summary>Opt-in: ANALYZE the run's database after the warm-up (default: the database is measured as it is, fresh).</summary>
    public bool Analyze { get; init; }

    /// <summary>Opt-in: the run's database gets this random_page_cost (default: the server's setting).</summary>
    public double? RandomPageCost { get; init; }

    /// <summary>Events per warm-up round.</summary>
    public int Warmup { get; init; } = 1_000;

    /// <summary>Warm-up rounds at most (warm-up stops earlier once the worker's JIT has settled).</summary>
    public int MaxWarmupRounds { get; init; } = 20;

    public double Rate { get; init; } = 1_000;

    public double DurationSeconds { get; init; } = 30;

    public int ConfirmBatch { get; init; } = 256;

    /// <summary>Passed to the worker as Messaging__PrefetchCount (and used by the baseline consumers); null: the worker's default.</summary>
    public int? Prefetch { get; init; }

    /// <summary>Passed to the worker as Messaging__ConcurrentMessageLimit; null: the worker's default.</summary>
    public int? Concurrency { get; init; }

    public bool QuorumQueues { get; init; } = true;

    /// <summary>Extra KEY=VALUE environment variables for the worker, applied last.</summary>
    public IReadOnlyList<string> WorkerEnvironment { get; init; } = [];

    public string? WorkerPath { get; init; }

    public string Output { get; init; } = Path.Combine("artifacts", "load", "load-results.json");

    public bool Keep { get; init; }

    public bool SkipBaseline { get; init; }

    public bool SkipLatency { get; init; }

    public int Seed { get; init; } = 1;

    public double AlertTimeoutSeconds { get; init; } = 30;

    /// <summary>A phase fails when no event commits for this long.</summary>
    public double StallTimeoutSeconds { get; init; } = 60;

    public required Uri RabbitMq { get; init; }

    public required Uri RabbitMqManagement { get; init; }

    public required string Postgres { get; init; }

    /// <summary>The worker's default <c>Messaging:PrefetchCount</c> (a test holds it to the worker's appsettings.json).</summary>
    public const int WorkerDefaultPrefetch = 1024;

    /// <summary>The worker's prefetch as the worker will use it; the baseline consumers use the same.</summary>
    public int EffectivePrefetch => Prefetch ?? WorkerDefaultPrefetch;

    public int LatencyEvents => (int)Math.Round(Rate * DurationSeconds);

    /// <summary>
    /// The defaults of a mix when <c>--events</c>, <c>--patients</c> or <c>--history</c> are not given: default
    /// 60,000 events over 6,000 patients; alert-heavy 50,000 over 5,000 (the independent probe's); long-history 250
    /// patients with 100 events each written first and 200 each measured (50,000), about 300 dispenses per patient.
    /// </summary>
    public static (int Events, int Patients, int History) Defaults(LoadMix mix) => mix switch
    {
        LoadMix.AlertHeavy => (50_000, 5_000, 0),
        LoadMix.LongHistory => (50_000, 250, 100),
        _ => (60_000, 6_000, 0),
    };

    /// <summary>The wire name of a mix (<c>--mix</c>).</summary>
    public static string MixName(LoadMix mix) => mix switch
    {
        LoadMix.AlertHeavy => "alert-heavy",
        LoadMix.LongHistory => "long-history",
        _ => "default",
    };

    /// <summary>A mix by its wire name; null when unknown.</summary>
    public static LoadMix? ParseMix(string? name) => name switch
    {
        "default" => LoadMix.Default,
        "alert-heavy" => LoadMix.AlertHeavy,
        "long-history" => LoadMix.LongHistory,
        _ => null,
    };

    /// <summary>How the run's database was prepared, as the report prints it.</summary>
    public string DatabaseSetup =>
        "fresh database; "
        + (Analyze ? "ANALYZE after the warm-up (--analyze)" : "no ANALYZE (statistics only as autovacuum gathers them)") + "; "
        + (RandomPageCost is { } cost ? $"random_page_cost {cost.ToString(CultureInfo.InvariantCulture)} (--random-page-cost)" : "random_page_cost: the server's");

    /// <summary>Loopback defaults, overridable by RM_LOAD_* and then by the variables scripts/test.sh exports.</summary>
    public static Uri DefaultRabbitMq(Func<string, string?> env) =>
        new(env("RM_LOAD_RABBITMQ") ?? env("RM_TEST_RABBITMQ") ?? "amqp://regimen_test:regimen_test@127.0.0.1:5672/");

    public static Uri DefaultRabbitMqManagement(Func<string, string?> env) =>
        new(env("RM_LOAD_RABBITMQ_MANAGEMENT") ?? env("RM_TEST_RABBITMQ_MANAGEMENT") ?? "http://127.0.0.1:15672/");

    public static string DefaultPostgres(Func<string, string?> env) =>
        env("RM_LOAD_POSTGRES") ?? env("RM_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=regimen_test;Password=regimen_test;Database=postgres";

    /// <summary>Every problem with the options at once, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Events < 1)
        {
            problems.Add("--events must be at least 1");
        }

        if (Patients < 1)
        {
            problems.Add("--patients must be at least 1");
        }

        if (History < 0 || (History > 0 && Mix != LoadMix.LongHistory))
        {
            problems.Add("--history must not be negative and is for --mix long-history only");
        }

        if (RandomPageCost is { } cost && (cost <= 0 || double.IsNaN(cost) || double.IsInfinity(cost)))
        {
            problems.Add("--random-page-cost must be a positive number");
        }

        if (Warmup < 0 || MaxWarmupRounds < 1)
        {
            problems.Add("--warmup must not be negative and --max-warmup-rounds must be at least 1");
        }

        if (Rate <= 0 || DurationSeconds <= 0)
        {
            problems.Add("--rate and --duration must be positive");
        }

        if (ConfirmBatch < 1)
        {
            problems.Add("--confirm-batch must be at least 1");
        }

        if (Prefetch is < 1 or > ushort.MaxValue)
        {
            problems.Add($"--prefetch must be 1-{ushort.MaxValue}");
        }

        if (Concurrency is < 1)
        {
            problems.Add("--concurrency must be at least 1");
        }

        foreach (var entry in WorkerEnvironment)
        {
            if (entry.IndexOf('=', StringComparison.Ordinal) <= 0)
            {
                problems.Add($"--worker-env '{entry}' is not KEY=VALUE");
            }
        }

        return problems;
    }

    /// <summary>
    /// The worker's whole configuration: its own virtual host and database, PostgreSQL, RabbitMQ, the Production
    /// environment, the prefetch/concurrency passthrough, then <see cref="WorkerEnvironment"/> entries.
    /// </summary>
    public IReadOnlyDictionary<string, string> WorkerVariables(Uri amqpUri, string databaseConnectionString)
    {
        ArgumentNullException.ThrowIfNull(amqpUri);
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__RabbitMq"] = amqpUri.ToString(),
            ["ConnectionStrings__Database"] = databaseConnectionString,
            ["Database__Provider"] = "PostgreSql",
            ["Messaging__Transport"] = "RabbitMq",
            ["Messaging__QueuePrefix"] = QueuePrefix,
            ["Messaging__QuorumQueues"] = QuorumQueues ? "true" : "false",
        };
        if (Prefetch is { } prefetch)
        {
            variables["Messaging__PrefetchCount"] = prefetch.ToString(CultureInfo.InvariantCulture);
        }

        if (Concurrency is { } concurrency)
        {
            variables["Messaging__ConcurrentMessageLimit"] = concurrency.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var entry in WorkerEnvironment)
        {
            var split = entry.IndexOf('=', StringComparison.Ordinal);
            variables[entry[..split]] = entry[(split + 1)..];
        }

        return variables;
    }

    /// <summary>The AMQP URI of the same broker and user on another virtual host.</summary>
    public Uri AmqpFor(string virtualHost) => new UriBuilder(RabbitMq) { Path = "/" + Uri.EscapeDataString(virtualHost) }.Uri;
}
