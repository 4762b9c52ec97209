using RegimenMonitor.LoadDriver.EventMix;

namespace RegimenMonitor.LoadDriver.Tests;

public sealed class LoadOptionsTests
{
    private static LoadOptions Options(Func<LoadOptions, LoadOptions>? change = null)
    {
        var options = new LoadOptions
        {
            RabbitMq = new Uri("amqp://user:secret@127.0.0.1:5672/"),
            RabbitMqManagement = new Uri("http://127.0.0.1:15672/"),
            Postgres = "Host=127.0.0.1;Username=u;Password=p;Database=postgres",
        };
        return change is null ? options : change(options);
    }

    [Fact]
    public void The_worker_runs_on_its_own_virtual_host_and_database_with_postgresql_and_rabbitmq_in_production()
    {
        var amqp = Options().AmqpFor("regimen-load-1");

        var variables = Options().WorkerVariables(amqp, "Host=127.0.0.1;Database=regimen_load_1");

        Assert.Equal("amqp://user:secret@127.0.0.1:5672/regimen-load-1", variables["ConnectionStrings__RabbitMq"]);
        Assert.Equal("Host=127.0.0.1;Database=regimen_load_1", variables["ConnectionStrings__Database"]);
        Assert.Equal("PostgreSql", variables["Database__Provider"]);
        Assert.Equal("RabbitMq", variables["Messaging__Transport"]);
        Assert.Equal(LoadOptions.QueuePrefix, variables["Messaging__QueuePrefix"]);
        Assert.Equal("Production", variables["DOTNET_ENVIRONMENT"]);
        Assert.Equal("true", variables["Messaging__QuorumQueues"]);
        Assert.False(variables.ContainsKey("Messaging__PrefetchCount"));
        Assert.False(variables.ContainsKey("Messaging__ConcurrentMessageLimit"));
    }

    [Fact]
    public void Prefetch_and_concurrency_pass_through_and_extra_variables_come_last()
    {
        var options = Options(o => o with
        {
            Prefetch = 200, Concurrency = 32, QuorumQueues = false, WorkerEnvironment = ["Messaging__RetryLimit=3", "Messaging__ConcurrentMessageLimit=8", "X=a=b"],
        });

        var variables = options.WorkerVariables(options.AmqpFor("v"), "Host=h");

        Assert.Equal("200", variables["Messaging__PrefetchCount"]);
        Assert.Equal("8", variables["Messaging__ConcurrentMessageLimit"]);
        Assert.Equal("3", variables["Messaging__RetryLimit"]);
        Assert.Equal("a=b", variables["X"]);
        Assert.Equal("false", variables["Messaging__QuorumQueues"]);
        Assert.Equal(200, options.EffectivePrefetch);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = Options(o => o with { Events = 0, Patients = 0, Rate = 0, Prefetch = 70_000, Concurrency = 0, WorkerEnvironment = ["NOEQUALS", "=x"] });

        var problems = options.Validate();

        Assert.Equal(7, problems.Count);
        Assert.Contains(problems, p => p.Contains("--events", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'NOEQUALS'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'=x'", StringComparison.Ordinal));
        Assert.Empty(Options().Validate());
    }

    [Fact]
    public void Service_addresses_come_from_the_load_variables_then_the_test_variables_then_loopback()
    {
        var load = new Dictionary<string, string> { ["RM_LOAD_POSTGRES"] = "Host=load", ["RM_TEST_POSTGRES"] = "Host=test", ["RM_TEST_RABBITMQ"] = "amqp://t:t@test/" };

        Assert.Equal("Host=load", LoadOptions.DefaultPostgres(load.GetValueOrDefault));
        Assert.Equal(new Uri("amqp://t:t@test/"), LoadOptions.DefaultRabbitMq(load.GetValueOrDefault));
        Assert.Equal(new Uri("http://127.0.0.1:15672/"), LoadOptions.DefaultRabbitMqManagement(_ => null));
        Assert.Contains("127.0.0.1", LoadOptions.DefaultPostgres(_ => null), StringComparison.Ordinal);
    }

    [Fact]
    public void The_latency_run_has_rate_times_duration_events() =>
        Assert.Equal(30_000, Options(o => o with { Rate = 1_000, DurationSeconds = 30 }).LatencyEvents);

    [Fact]
    public void The_baseline_prefetch_is_the_workers_default()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RegimenMonitor.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.FullName, "src", "RegimenMonitor.Worker", "appsettings.json")));
        Assert.Equal(settings.RootElement.GetProperty("Messaging").GetProperty("PrefetchCount").GetInt32(), Options().EffectivePrefetch);
        Assert.Equal(200, Options(o => o with { Prefetch = 200 }).EffectivePrefetch);
    }

    [Theory]
    [InlineData("default", 60_000, 6_000, 0)]
    [InlineData("alert-heavy", 50_000, 5_000, 0)]
    [InlineData("long-history", 50_000, 250, 100)]
    public void Each_mix_has_its_defaults_and_its_name(string name, int events, int patients, int history)
    {
        var mix = LoadOptions.ParseMix(name)!.Value;
        Assert.Equal((events, patients, history), LoadOptions.Defaults(mix));
        Assert.Equal(name, LoadOptions.MixName(mix));
    }

    [Fact]
    public void An_unknown_mix_is_refused()
    {
        Assert.Null(LoadOptions.ParseMix("heavy"));
        Assert.Null(LoadOptions.ParseMix(null));
    }

    [Fact]
    public void The_database_is_measured_fresh_unless_analyze_or_random_page_cost_are_asked_for()
    {
        var fresh = Options();
        var tuned = Options(o => o with { Analyze = true, RandomPageCost = 1.1 });

        Assert.False(fresh.Analyze);
        Assert.Null(fresh.RandomPageCost);
        Assert.Equal("fresh database; no ANALYZE (statistics only as autovacuum gathers them); random_page_cost: the server's", fresh.DatabaseSetup);
        Assert.Equal("fresh database; ANALYZE after the warm-up (--analyze); random_page_cost 1.1 (--random-page-cost)", tuned.DatabaseSetup);
    }

    [Fact]
    public void History_is_for_the_long_history_mix_and_random_page_cost_must_be_positive()
    {
        Assert.Empty(Options(o => o with { Mix = LoadMix.LongHistory, History = 100, RandomPageCost = 1.1 }).Validate());

        var problems = Options(o => o with { History = 100, RandomPageCost = 0 }).Validate();

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("--history", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("--random-page-cost", StringComparison.Ordinal));
    }

    [Fact]
    public void The_command_line_takes_the_mix_and_the_opt_in_database_flags()
    {
        var parsed = LoadDriverCli.BuildRoot().Parse(["--mix", "long-history", "--history", "50", "--analyze", "--random-page-cost", "1.1"]);

        Assert.Empty(parsed.Errors);
        Assert.Equal("long-history", parsed.GetValue<string>("--mix"));
        Assert.Equal(50, parsed.GetValue<int?>("--history"));
        Assert.True(parsed.GetValue<bool>("--analyze"));
        Assert.Equal(1.1, parsed.GetValue<double?>("--random-page-cost"));
        Assert.Null(LoadDriverCli.BuildRoot().Parse([]).GetValue<double?>("--random-page-cost"));
        Assert.False(LoadDriverCli.BuildRoot().Parse([]).GetValue<bool>("--analyze"));
    }
}
