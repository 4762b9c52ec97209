using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Fhir;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Tests.Fhir;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// A content type with a parameter given twice (<c>charset=utf-8; charset=utf-8</c>), as the AMQP property or as
/// MassTransit's <c>Content-Type</c> or <c>ContentType</c> header: found by an independent edge probe, it made
/// MassTransit's parser (<see cref="System.Net.Mime.ContentType"/>) throw before any check of ours ran, and the message
/// went to <c>_error</c> with .NET's words (the publisher's parameter name among them), an Error with a stack, no
/// Rejected line and no count. On each of the three kinds of endpoint it is now refused like any other bad input, and
/// the endpoint goes on with the next message.
/// </summary>
public sealed class ContentTypeParameterTests : IAsyncLifetime
{
    private const string DispensedError = "regimen-monitor.medication-dispensed_error";
    private const string FhirError = "regimen-monitor.fhir-medication-dispense_error";
    private const string AcknowledgedError = "regimen-monitor.alert-acknowledged_error";
    private const string Crafted = "PE9SECRET";

    private const string CharsetTwice = "content_type has the parameter charset more than once (in any letter case): give each parameter once";
    private const string UnlistedTwice = "content_type has a parameter more than once (in any letter case; an unlisted name, not shown): give each parameter once";

    private readonly LogCapture _logs = new();

    private RabbitMqTestBroker Broker { get; set; } = null!;

    private PostgresTestDatabase Database { get; set; } = null!;

    private WorkerTestHost Worker { get; set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Broker = await RabbitMqTestBroker.CreateAsync(Ct);
        Database = await PostgresTestDatabase.CreateAsync(Ct);
        Worker = await WorkerTestHost.StartAsync(Broker.AmqpUri, Database.ConnectionString, Ct, services: s => s.AddSingleton<ILoggerProvider>(_logs));
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Broker.DisposeAsync();
        await Database.DisposeAsync();
        _logs.Dispose();
    }

    [Theory]
    // the AMQP content_type property (the probe's M5 cases)
    [InlineData("native", "property", "application/json; charset=utf-8; charset=utf-8", CharsetTwice)]
    [InlineData("native", "property", "application/json; CHARSET=utf-8; charset=utf-8", CharsetTwice)]
    [InlineData("native", "property", "application/json; a=1; a=2", UnlistedTwice)]
    [InlineData("native", "property", "application/json; mrn-PE9SECRET=1; mrn-PE9SECRET=2", UnlistedTwice)]
    [InlineData("native", "property", "application/vnd.masstransit+json; charset=utf-8; Charset=\"utf-8\"", CharsetTwice)]
    [InlineData("fhir", "property", "application/json; charset=utf-8; charset=utf-8", CharsetTwice)]
    [InlineData("fhir", "property", "application/fhir+json; fhirVersion=4.0; fhirversion=4.0",
        "content_type has the parameter fhirVersion more than once (in any letter case): give each parameter once")]
    [InlineData("fhir", "property", "application/fhir+json; x-PE9SECRET=1; X-pe9secret=1", UnlistedTwice)]
    [InlineData("acknowledgement", "property", "application/json; charset=utf-8; charset=utf-8", CharsetTwice)]
    [InlineData("acknowledgement", "property", "application/json; mrn-PE9SECRET=1; mrn-PE9SECRET=2", UnlistedTwice)]
    // MassTransit's headers, read when the property is absent
    [InlineData("native", "Content-Type", "application/json; charset=utf-8; charset=utf-8", CharsetTwice)]
    [InlineData("native", "ContentType", "application/json; mrn-PE9SECRET=1; mrn-PE9SECRET=2", UnlistedTwice)]
    [InlineData("fhir", "Content-Type", "application/fhir+json; charset=utf-8; charset=utf-8", CharsetTwice)]
    [InlineData("acknowledgement", "Content-Type", "application/json; a=1; a=2", UnlistedTwice)]
    public async Task A_parameter_given_twice_is_refused_in_our_words_and_the_endpoint_goes_on(string endpoint, string carrier, string contentType, string reason)
    {
        var (exchange, errorQueue) = endpoint switch
        {
            "native" => (MedicationDispensed.ExchangeName, DispensedError),
            "fhir" => (FhirMessaging.DispenseExchange, FhirError),
            _ => (AlertAcknowledged.ExchangeName, AcknowledgedError),
        };
        var body = endpoint switch
        {
            "native" when contentType.StartsWith(ContractDeserializer.EnvelopeMediaType, StringComparison.Ordinal) =>
                $$"""{"messageType":["urn:message:RegimenMonitor.Contracts:MedicationDispensed"],"message":{{Events.Dispense(Guid.NewGuid(), "PT-twice", "Zoloft 50 mg tablet")}}}""",
            "native" => Events.Dispense(Guid.NewGuid(), "PT-twice", "Zoloft 50 mg tablet"),
            "fhir" => FhirTestResources.Dispense("PT-twice", "Zoloft 50 mg tablet"),
            _ => AlertTestSupport.Acknowledgement(Guid.NewGuid(), Guid.NewGuid()),
        };

        var published = carrier == "property"
            ? await Broker.PublishAsync(exchange, body, Ct, contentType: contentType)
            : await Broker.PublishAsync(exchange, body, Ct, contentType: null, headers: new Dictionary<string, object> { [carrier] = contentType });
        Assert.True(published, "routed");

        var rejected = Assert.Single(await Broker.WaitForMessagesAsync(errorQueue, 1, TimeSpan.FromSeconds(60), Ct));
        Assert.Equal($"Invalid event: {reason}", rejected.Headers.GetValueOrDefault("MT-Fault-Message"));
        Assert.Equal(typeof(InvalidEventException).FullName, rejected.Headers.GetValueOrDefault("MT-Fault-ExceptionType"));
        Assert.Equal("0", rejected.Headers.GetValueOrDefault("MT-Fault-RetryCount", "0"));
        Assert.DoesNotContain(rejected.Headers.Values, v => v.Contains(Crafted, StringComparison.OrdinalIgnoreCase) && v != contentType);

        // the endpoint goes on: the next message on it is read (applied, or for an acknowledgement of no alert, refused
        // for that)
        if (endpoint == "acknowledgement")
        {
            Assert.True(await Broker.PublishAsync(exchange, AlertTestSupport.Acknowledgement(Guid.NewGuid(), Guid.NewGuid()), Ct));
            var next = Assert.Single(await Broker.WaitForMessagesAsync(errorQueue, 1, TimeSpan.FromSeconds(60), Ct));
            Assert.Contains("alertId", next.Headers.GetValueOrDefault("MT-Fault-Message"), StringComparison.Ordinal);
        }
        else
        {
            var next = endpoint == "native" ? Events.Dispense(Guid.NewGuid(), "PT-next", "Zoloft 50 mg tablet") : FhirTestResources.Dispense("PT-next", "Zoloft 50 mg tablet");
            Assert.True(await Broker.PublishAsync(exchange, next, Ct, contentType: "application/json; charset=utf-8"));
            await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(60), Ct);
            Assert.NotNull(await Worker.PatientAsync("PT-next"));
            Assert.Null(await Worker.PatientAsync("PT-twice"));
        }

        // one Rejected warning per refusal (the line the invalid count is recorded with), no Error, no stack above Debug,
        // and the crafted name nowhere
        var entries = _logs.Entries.ToList();
        var warnings = entries.Where(e => e.Level == LogLevel.Warning && e.Message.StartsWith("Rejected ", StringComparison.Ordinal)).ToList();
        Assert.Contains(warnings, w => w.Message.EndsWith(": Invalid event: " + reason, StringComparison.Ordinal));
        Assert.Equal(endpoint == "acknowledgement" ? 2 : 1, warnings.Count);
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(entries, e => e.Level > LogLevel.Debug && e.Exception is not null);
        Assert.DoesNotContain(entries, e => e.Text.Contains(Crafted, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_header_MassTransit_throws_on_behind_a_property_it_cannot_read_is_refused_too()
    {
        // MassTransit reads the property, takes ";;" (which its parser refuses, and our rule passes) as none and goes on to
        // the headers: the header's parameter given twice throws there, though the content type as sent passes. The
        // deserializer refuses such a message all the same, not as one without a content type.
        Assert.True(await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-behind", "Zoloft 50 mg tablet"), Ct,
            contentType: "application/json;;", headers: new Dictionary<string, object> { ["ContentType"] = "application/json; mrn-PE9SECRET=1; mrn-PE9SECRET=2" }));

        var rejected = Assert.Single(await Broker.WaitForMessagesAsync(DispensedError, 1, TimeSpan.FromSeconds(60), Ct));
        Assert.Equal($"Invalid event: {ContractDeserializer.UnreadableContentType}", rejected.Headers.GetValueOrDefault("MT-Fault-Message"));
        Assert.Null(await Worker.PatientAsync("PT-behind"));
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith("Rejected ", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error || e.Text.Contains(Crafted, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    // malformed parameters System.Net.Mime.ContentType refuses with a FormatException, which MassTransit takes as no
    // content type: until 2026-12-06 such a message was applied as plain JSON
    [InlineData("application/json; foo", "content_type parameter 1 has no '=' and no value")]
    [InlineData("application/json; =x", "content_type parameter 1 has no name")]
    [InlineData("application/json; charset=\"utf-8", "content_type parameter 1 (charset) has a quoted string with no closing quote, or a control or non-ASCII character in it")]
    [InlineData("application/json; charset=utf-8; ä=1", "content_type parameter 2 does not start with a name")]
    [InlineData("application/json; a=1,b=2", "content_type parameter 1 has a value that is neither a token nor a quoted string")]
    public async Task A_parameter_that_is_not_name_value_is_refused_in_our_words(string contentType, string reason)
    {
        Assert.True(await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-malformed", "Zoloft 50 mg tablet"), Ct, contentType: contentType));

        var rejected = Assert.Single(await Broker.WaitForMessagesAsync(DispensedError, 1, TimeSpan.FromSeconds(60), Ct));
        Assert.StartsWith($"Invalid event: {reason}: each parameter is name=value", rejected.Headers.GetValueOrDefault("MT-Fault-Message"), StringComparison.Ordinal);
        Assert.Null(await Worker.PatientAsync("PT-malformed"));
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Theory]
    // empty parameters carry nothing (RFC 9110 allows them); System.Net.Mime.ContentType accepts a trailing ';' too
    [InlineData("application/json; charset=utf-8;")]
    [InlineData("application/json;;")]
    [InlineData("application/json; charset=\"utf-8\"")]
    public async Task An_empty_parameter_or_a_quoted_value_is_accepted(string contentType)
    {
        Assert.True(await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-empty", "Zoloft 50 mg tablet"), Ct, contentType: contentType));

        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(60), Ct);
        Assert.NotNull(await Worker.PatientAsync("PT-empty"));
    }
}
