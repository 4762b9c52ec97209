using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Observability;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Unit.Repository;

/// <summary>
/// docker-compose.yml cannot run here (no Docker engine); scripts/test.sh parses it with docker-compose config, and
/// these tests keep what it says consistent with what the code reads.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly string Compose = File.ReadAllText(RepositoryFiles.Path("docker-compose.yml"));

    private static List<string> Services() =>
        ServiceLine().Matches(Compose.Split("\nvolumes:")[0].Split("\nservices:")[1]).Select(m => m.Groups[1].Value).ToList();

    private static Dictionary<string, string> WorkerEnvironment()
    {
        var block = Compose[Compose.IndexOf("worker-1:", StringComparison.Ordinal)..];
        block = block[(block.IndexOf("environment:", StringComparison.Ordinal) + "environment:".Length)..];
        return EnvironmentLine().Matches(block.Split("\n    restart:")[0])
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());
    }

    [Fact]
    public void A_worker_replica_is_given_a_stop_grace_beyond_its_own_stop_deadline()
    {
        // found by an independent fault probe: with 2,048 messages in flight a stop took up to 11.5 s, past docker's 10 s
        // default, which would have ended it with a SIGKILL
        var block = Compose[Compose.IndexOf("worker-1:", StringComparison.Ordinal)..].Split("\n  worker-2:")[0];
        var grace = StopGrace().Match(block);
        Assert.True(grace.Success, "worker-1 sets no stop_grace_period");
        Assert.True(TimeSpan.FromSeconds(int.Parse(grace.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) > RegimenMonitor.Worker.Cli.RunVerb.StopDeadline);
    }

    [Fact]
    public void Compose_runs_broker_database_collector_trace_viewer_and_two_worker_replicas()
    {
        var services = Services();
        Assert.Contains("rabbitmq", services);
        Assert.Contains("postgres", services);
        Assert.Contains("otel-collector", services);
        Assert.Contains("jaeger", services);
        Assert.Equal(2, services.Count(s => s.StartsWith("worker-", StringComparison.Ordinal)));
        Assert.Contains("worker-2: *worker", Compose, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_worker_environment_key_is_one_the_code_reads()
    {
        var readable = new HashSet<string>(Telemetry.StandardVariables, StringComparer.Ordinal)
        {
            "ConnectionStrings__RabbitMq",
            "ConnectionStrings__Database",
        };
        foreach (var (type, section) in new[]
                 {
                     (typeof(DatabaseOptions), DatabaseOptions.SectionName),
                     (typeof(MessagingOptions), MessagingOptions.SectionName),
                     (typeof(RegimenOptions), RegimenOptions.SectionName),
                     (typeof(HealthOptions), HealthOptions.SectionName),
                 })
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                readable.Add($"{section}__{property.Name}");
            }
        }

        var environment = WorkerEnvironment();
        Assert.NotEmpty(environment);
        Assert.All(environment.Keys, key => Assert.Contains(key, readable));
        Assert.Equal("PostgreSql", environment["Database__Provider"]);
        Assert.True(Enum.TryParse<DatabaseProvider>(environment["Database__Provider"], out _));
    }

    [Fact]
    public void Connection_strings_point_at_compose_services_and_their_published_ports()
    {
        var environment = WorkerEnvironment();
        var services = Services();
        var rabbit = new Uri(environment["ConnectionStrings__RabbitMq"].Replace("${RM_RABBIT_PASSWORD:?set RM_RABBIT_PASSWORD}", "x", StringComparison.Ordinal));
        Assert.Contains(rabbit.Host, services);
        Assert.Equal(5672, rabbit.Port);
        Assert.Contains("Host=postgres;Port=5432", environment["ConnectionStrings__Database"], StringComparison.Ordinal);
        var otlp = new Uri(environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Contains(otlp.Host, services);
        Assert.Contains($"\"{otlp.Port}:{otlp.Port}\"", Compose, StringComparison.Ordinal);
        Assert.Contains("\"5672:5672\"", Compose, StringComparison.Ordinal);
        Assert.Contains("\"5432:5432\"", Compose, StringComparison.Ordinal);
    }

    [Fact]
    public void Workers_export_to_the_collector_which_forwards_traces_to_jaeger_through_the_phi_redaction()
    {
        var environment = WorkerEnvironment();
        Assert.Equal("otel-collector", new Uri(environment["OTEL_EXPORTER_OTLP_ENDPOINT"]).Host);
        Assert.Contains(environment["OTEL_EXPORTER_OTLP_PROTOCOL"], (string[])["grpc", "http/protobuf"]);
        Assert.Contains("./infra/otel-collector/config.yaml:/etc/otelcol-contrib/config.yaml:ro", Compose, StringComparison.Ordinal);
        Assert.StartsWith("http://0.0.0.0:", environment["Health__Urls"], StringComparison.Ordinal);

        var config = File.ReadAllText(RepositoryFiles.Path("infra", "otel-collector", "config.yaml"));
        Assert.Contains("endpoint: 0.0.0.0:4317", config, StringComparison.Ordinal);
        Assert.Contains("endpoint: 0.0.0.0:4318", config, StringComparison.Ordinal);
        var jaeger = Assert.Single(CollectorExporterEndpoint().Matches(config)).Groups[1].Value;
        Assert.Contains(jaeger.Split(':')[0], Services());
        // every pipeline runs the redaction before it exports
        var pipelines = PipelineProcessors().Matches(config).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, pipelines.Count);
        Assert.All(pipelines, p => Assert.Contains("attributes/redact-phi", p, StringComparison.Ordinal));
        foreach (var key in (string[])["patient.id", "patient_id", "patientId", "product.text", "prescription.id", "pharmacy.id", "messaging.message.body", "db.statement.parameters"])
        {
            Assert.Contains($"- key: {key}\n        action: delete", config.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Broker_definitions_declare_the_contract_exchanges_with_their_types()
    {
        using var definitions = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("infra", "rabbitmq", "definitions.json")));
        var exchanges = definitions.RootElement.GetProperty("exchanges").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("type").GetString()!);
        Assert.Equal("fanout", exchanges[MedicationDispensed.ExchangeName]);
        Assert.Equal("fanout", exchanges[SupplementReported.ExchangeName]);
        Assert.Equal("topic", exchanges[RegimenAlertRaised.ExchangeName]);
        Assert.Equal("fanout", exchanges[AlertAcknowledged.ExchangeName]);
    }

    [GeneratedRegex(@"otlp/jaeger:\s+endpoint: (\S+)")]
    private static partial Regex CollectorExporterEndpoint();

    [GeneratedRegex(@"processors: \[([^\]]+)\]")]
    private static partial Regex PipelineProcessors();

    [GeneratedRegex(@"^  ([a-z0-9-]+):", RegexOptions.Multiline)]
    private static partial Regex ServiceLine();

    [GeneratedRegex(@"\n    stop_grace_period: (\d+)s\n")]
    private static partial Regex StopGrace();

    [GeneratedRegex(@"^      ([A-Za-z_]+): (.+)$", RegexOptions.Multiline)]
    private static partial Regex EnvironmentLine();
}
