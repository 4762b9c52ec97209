using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using RegimenMonitor.LoadDriver.Reporting;
using RegimenMonitor.LoadDriver.Services;

namespace RegimenMonitor.LoadDriver;

/// <summary>
/// <c>regimen-load</c>: the end-to-end load driver. Exit 0 when the run completed (whether or not the goals were met),
/// 1 when it failed, 2 when the options are wrong or a service is unreachable.
/// </summary>
internal static class LoadDriverCli
{
    private static readonly JsonSerializerOptions ReportJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Task<int> InvokeAsync(string[] args) => BuildRoot().Parse(args).InvokeAsync();

    internal static RootCommand BuildRoot()
    {
        var events = new Option<int?>("--events") { Description = "Events in the throughput run (phase 2a) and messages in the baseline; default 60,000 (alert-heavy, long-history: 50,000)." };
        var patients = new Option<int?>("--patients") { Description = "Patients the events are spread over; default 6,000 (alert-heavy 5,000, long-history 250)." };
        var mix = new Option<string>("--mix") { Description = "The feed: default, alert-heavy (5,000 patients, 14 products, 60 % alerting) or long-history (years of monthly refills).", DefaultValueFactory = _ => "default" };
        var history = new Option<int?>("--history") { Description = "long-history: events per patient written before the measured run (not measured); default 100." };
        var analyze = new Option<bool>("--analyze") { Description = "Opt-in: ANALYZE the run's database after the warm-up (default: measure the fresh database as it is)." };
        var randomPageCost = new Option<double?>("--random-page-cost") { Description = "Opt-in: set random_page_cost on the run's database (default: the server's)." };
        var warmup = new Option<int>("--warmup") { Description = "Events per warm-up round (not measured); 0: no warm-up.", DefaultValueFactory = _ => 1_000 };
        var warmupRounds = new Option<int>("--max-warmup-rounds") { Description = "Warm-up rounds at most; warm-up ends earlier once the worker's JIT has settled.", DefaultValueFactory = _ => 20 };
        var rate = new Option<double>("--rate") { Description = "Offered rate of the latency run, events per second.", DefaultValueFactory = _ => 1_000 };
        var duration = new Option<double>("--duration") { Description = "Seconds of the latency run.", DefaultValueFactory = _ => 30 };
        var batch = new Option<int>("--confirm-batch") { Description = "Publishes per awaited batch of confirms.", DefaultValueFactory = _ => 256 };
        var prefetch = new Option<int?>("--prefetch") { Description = "Worker Messaging__PrefetchCount (and the baseline consumers' prefetch); default: the worker's (1024)." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Worker Messaging__ConcurrentMessageLimit; default: the worker's (512)." };
        var classic = new Option<bool>("--classic-queues") { Description = "Classic instead of quorum queues (worker and baseline)." };
        var workerEnv = new Option<string[]>("--worker-env") { Description = "Extra KEY=VALUE environment variable for the worker (repeatable).", AllowMultipleArgumentsPerToken = false };
        var worker = new Option<string?>("--worker") { Description = "Path to regimen-monitor (default: src/RegimenMonitor.Worker/bin/<configuration>/net10.0)." };
        var output = new Option<string>("--output") { Description = "JSON results file.", DefaultValueFactory = _ => Path.Combine("artifacts", "load", "load-results.json") };
        var keep = new Option<bool>("--keep") { Description = "Keep the virtual hosts and the database afterwards." };
        var skipBaseline = new Option<bool>("--skip-baseline") { Description = "Skip phase 1 (no ratio)." };
        var skipLatency = new Option<bool>("--skip-latency") { Description = "Skip the fixed-rate run." };
        var seed = new Option<int>("--seed") { Description = "Seed of the event mix.", DefaultValueFactory = _ => 1 };
        var alertTimeout = new Option<double>("--alert-timeout") { Description = "Seconds to wait for alerts after the last commit.", DefaultValueFactory = _ => 30 };
        var stallTimeout = new Option<double>("--stall-timeout") { Description = "A phase fails when nothing commits for this many seconds.", DefaultValueFactory = _ => 60 };
        var rabbit = new Option<string?>("--rabbitmq") { Description = "AMQP URI of the broker (user needs the administrator tag); default RM_LOAD_RABBITMQ, RM_TEST_RABBITMQ or loopback." };
        var rabbitManagement = new Option<string?>("--rabbitmq-management") { Description = "Management API URI; default RM_LOAD_RABBITMQ_MANAGEMENT, RM_TEST_RABBITMQ_MANAGEMENT or http://127.0.0.1:15672/." };
        var postgres = new Option<string?>("--postgres") { Description = "Connection string of a role that may create databases; default RM_LOAD_POSTGRES, RM_TEST_POSTGRES or loopback." };

        var root = new RootCommand("regimen-load: end-to-end load driver for regimen-monitor against a real RabbitMQ and PostgreSQL (docs/performance.md).")
        {
            events, patients, mix, history, analyze, randomPageCost, warmup, warmupRounds, rate, duration, batch, prefetch, concurrency, classic, workerEnv, worker, output, keep, skipBaseline, skipLatency, seed,
            alertTimeout, stallTimeout, rabbit, rabbitManagement, postgres,
        };
        root.SetAction(async (result, ct) =>
        {
            LoadOptions options;
            if (LoadOptions.ParseMix(result.GetValue(mix)) is not { } chosen)
            {
                await Console.Error.WriteLineAsync("regimen-load: --mix must be default, alert-heavy or long-history");
                return 2;
            }

            var defaults = LoadOptions.Defaults(chosen);
            try
            {
                options = new LoadOptions
                {
                    Events = result.GetValue(events) ?? defaults.Events,
                    Patients = result.GetValue(patients) ?? defaults.Patients,
                    Mix = chosen,
                    History = result.GetValue(history) ?? defaults.History,
                    Analyze = result.GetValue(analyze),
                    RandomPageCost = result.GetValue(randomPageCost),
                    Warmup = result.GetValue(warmup),
                    MaxWarmupRounds = result.GetValue(warmupRounds),
                    Rate = result.GetValue(rate),
                    DurationSeconds = result.GetValue(duration),
                    ConfirmBatch = result.GetValue(batch),
                    Prefetch = result.GetValue(prefetch),
                    Concurrency = result.GetValue(concurrency),
                    QuorumQueues = !result.GetValue(classic),
                    WorkerEnvironment = result.GetValue(workerEnv) ?? [],
                    WorkerPath = result.GetValue(worker),
                    Output = result.GetValue(output)!,
                    Keep = result.GetValue(keep),
                    SkipBaseline = result.GetValue(skipBaseline),
                    SkipLatency = result.GetValue(skipLatency),
                    Seed = result.GetValue(seed),
                    AlertTimeoutSeconds = result.GetValue(alertTimeout),
                    StallTimeoutSeconds = result.GetValue(stallTimeout),
                    RabbitMq = result.GetValue(rabbit) is { } r ? new Uri(r) : LoadOptions.DefaultRabbitMq(Environment.GetEnvironmentVariable),
                    RabbitMqManagement = result.GetValue(rabbitManagement) is { } m ? new Uri(m) : LoadOptions.DefaultRabbitMqManagement(Environment.GetEnvironmentVariable),
                    Postgres = result.GetValue(postgres) ?? LoadOptions.DefaultPostgres(Environment.GetEnvironmentVariable),
                };
            }
            catch (UriFormatException ex)
            {
                await Console.Error.WriteLineAsync($"regimen-load: {ex.Message}");
                return 2;
            }

            if (options.Validate() is { Count: > 0 } problems)
            {
                foreach (var problem in problems)
                {
                    await Console.Error.WriteLineAsync($"regimen-load: {problem}");
                }

                return 2;
            }

            // scripts/load.sh checks the arguments this way before it touches the services
            if (Environment.GetEnvironmentVariable("RM_LOAD_CHECK_ARGUMENTS") == "1")
            {
                return 0;
            }

            return await RunAsync(options, ct);
        });
        return root;
    }

    private static async Task<int> RunAsync(LoadOptions options, CancellationToken ct)
    {
        try
        {
            var report = await new LoadRunner(options, Console.Error).RunAsync(ct);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
            await File.WriteAllTextAsync(options.Output, JsonSerializer.Serialize(report, ReportJson), ct);
            await Console.Out.WriteAsync(ReportPrinter.Format(report));
            await Console.Out.WriteLineAsync($"results: {Path.GetFullPath(options.Output)}");
            return 0;
        }
        catch (ServiceUnavailableException ex)
        {
            await Console.Error.WriteLineAsync($"regimen-load: {ex.Message}");
            return 2;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("regimen-load: cancelled");
            return 1;
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or HttpRequestException or Npgsql.NpgsqlException
            or RabbitMQ.Client.Exceptions.RabbitMQClientException or RabbitMQ.Client.Exceptions.OperationInterruptedException or IOException)
        {
            await Console.Error.WriteLineAsync($"regimen-load: the run failed: {ex.Message}");
            if (ex is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.RabbitMQClientException)
            {
                await Console.Error.WriteLineAsync("regimen-load: the broker closed the connection (a restart on a shared machine?): the figures would be invalid; run again.");
            }

            return 1;
        }
    }
}
