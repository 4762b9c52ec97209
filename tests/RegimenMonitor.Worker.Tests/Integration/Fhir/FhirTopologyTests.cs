using System.Text.Json;
using RegimenMonitor.Worker.Fhir;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration.Fhir;

/// <summary>The FHIR exchanges in the broker definitions match the code, and the docs name them.</summary>
public sealed class FhirTopologyTests
{
    [Fact]
    public void Broker_definitions_declare_the_fhir_exchanges_with_their_types()
    {
        using var definitions = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("infra", "rabbitmq", "definitions.json")));
        var exchanges = definitions.RootElement.GetProperty("exchanges").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("type").GetString()!);

        Assert.Equal("fanout", exchanges[FhirMessaging.DispenseExchange]);
        Assert.Equal("fanout", exchanges[FhirMessaging.StatementExchange]);
        Assert.Equal("topic", exchanges[FhirAlertPublisher.ExchangeName]);
    }

    [Fact]
    public void The_readme_and_docs_name_the_fhir_exchanges()
    {
        foreach (var doc in new[] { RepositoryFiles.Path("README.md"), RepositoryFiles.Path("docs", "contract.md"), RepositoryFiles.Path("docs", "fhir.md") })
        {
            var text = File.ReadAllText(doc);
            Assert.Contains(FhirMessaging.DispenseExchange, text, StringComparison.Ordinal);
            Assert.Contains(FhirMessaging.StatementExchange, text, StringComparison.Ordinal);
            Assert.Contains(FhirAlertPublisher.ExchangeName, text, StringComparison.Ordinal);
        }
    }
}
