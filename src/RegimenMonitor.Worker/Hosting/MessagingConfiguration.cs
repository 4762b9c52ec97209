using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Fhir;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Hosting;

/// <summary>
/// MassTransit wiring. The receive endpoints bind to the fixed wire exchanges (not MassTransit's type-named ones),
/// accept plain JSON (<c>application/json</c>, or no content type) from any AMQP client as well as MassTransit
/// envelopes, and .NET publishers of the contract types publish to the same fixed exchanges.
/// </summary>
internal static class MessagingConfiguration
{
    /// <summary>
    /// The bus: its transport as the configuration selects it (<see cref="MessagingOptions.TransportIn"/>), and for the
    /// worker one receive endpoint per consumer definition. Settings are read through
    /// <see cref="IOptions{MessagingOptions}"/> when the bus is created (after start-up validation).
    /// </summary>
    public static void AddRegimenMonitorMessaging(this IServiceCollection services, IConfiguration configuration, HostRole role)
    {
        WireJson.ConfigureMassTransit();
        services.AddOptions<MassTransitHostOptions>().Configure<IOptions<MessagingOptions>>((o, messaging) =>
        {
            // Start-up completes only once the broker topology exists (Messaging:StartTimeout at most, then the run
            // fails). A stop (SIGTERM) ends the intake and gives the messages in flight 5 s to commit; then their
            // cancellation token fires and they return to the queue unacknowledged (the retry filter rethrows the
            // cancellation, which MassTransit requeues, never moves to _error). A change already handed to the writer
            // may still commit; its redelivery is then a duplicate and changes nothing. Without it the prefetched
            // messages kept being consumed until the host's 30 s deadline, past a container's stop grace.
            o.WaitUntilStarted = true;
            o.StartTimeout = messaging.Value.StartTimeout;
            o.StopTimeout = TimeSpan.FromSeconds(30);
            o.ConsumerStopTimeout = TimeSpan.FromSeconds(5);
        });
        services.AddMassTransit(x =>
        {
            // MassTransit 8.5 would otherwise post usage telemetry (bus and endpoint counts) to
            // usage-tracking.masstransit.io 5 minutes after start: nothing leaves this process unless the operator
            // configures an OTLP endpoint, and without internet the failed call logged a stack trace.
            x.DisableUsageTelemetry();
            if (role == HostRole.Worker)
            {
                // One endpoint per consumer, its policy in its definition (queue, exchange, deserializers, retry,
                // concurrency, prefetch); ConfigureEndpoints below creates them.
                x.AddConsumer<MedicationDispensedConsumer, MedicationDispensedConsumerDefinition>();
                x.AddConsumer<SupplementReportedConsumer, SupplementReportedConsumerDefinition>();
                x.AddConsumer<AlertAcknowledgedConsumer, AlertAcknowledgedConsumerDefinition>();
                x.AddConsumer<FhirResourceConsumer<FhirDispenseInput>, FhirResourceConsumerDefinition<FhirDispenseInput>>();
                x.AddConsumer<FhirResourceConsumer<FhirStatementInput>, FhirResourceConsumerDefinition<FhirStatementInput>>();
            }

            if (MessagingOptions.TransportIn(configuration) == MessagingTransport.RabbitMq)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    var messaging = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
                    ConfigureHost(cfg, new Uri(messaging.RabbitMqConnectionString!), role == HostRole.Worker ? IntakeConnectionName : null);
                    ConfigureWireTopology(cfg);

                    // Every exchange we publish to exists from start-up (not from the first publish), so a care team can
                    // bind its queue to care.regimen-alerts before the first alert is raised.
                    cfg.DeployPublishTopology = true;
                    if (role != HostRole.Worker)
                    {
                        return;
                    }

                    // the intake: alerts go out on IAlertBus (below); what this bus sends itself (a message moved to
                    // _error) keeps the body it came with
                    cfg.UseRawJsonSerializer(RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders, isDefault: true);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.Message<MedicationDispensed>(m => m.SetEntityName(MedicationDispensed.ExchangeName));
                    cfg.Message<SupplementReported>(m => m.SetEntityName(SupplementReported.ExchangeName));
                    cfg.Message<AlertAcknowledged>(m => m.SetEntityName(AlertAcknowledged.ExchangeName));
                    cfg.Message<RegimenAlertRaised>(m => m.SetEntityName(RegimenAlertRaised.ExchangeName));
                    if (role != HostRole.Worker)
                    {
                        return;
                    }

                    cfg.UseRawJsonSerializer(RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders, isDefault: true);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });

        if (role != HostRole.Worker)
        {
            return;
        }

        if (MessagingOptions.TransportIn(configuration) != MessagingTransport.RabbitMq)
        {
            // in memory there is one bus: the demo's care-team endpoint is connected to it
            services.AddSingleton<IAlertBus>(provider => new AlertBus(provider.GetRequiredService<IBusControl>()));
            return;
        }

        // Alerts go out on a bus of their own, on an AMQP connection the intake does not use (IAlertBus says why).
        services.AddMassTransit<IAlertBus, AlertBus>(x =>
        {
            x.DisableUsageTelemetry();
            x.UsingRabbitMq((context, cfg) =>
            {
                var messaging = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
                ConfigureHost(cfg, new Uri(messaging.RabbitMqConnectionString!), AlertConnectionName);
                ConfigureWireTopology(cfg);
                cfg.DeployPublishTopology = true;
                // What the worker publishes (alerts) is plain contract JSON, readable by any AMQP client.
                cfg.UseRawJsonSerializer(RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders, isDefault: true);
            });
        });
    }

    /// <summary>The client-provided names of the worker's two AMQP connections (the broker's management UI shows them).</summary>
    internal const string IntakeConnectionName = "regimen-monitor intake";

    /// <inheritdoc cref="IntakeConnectionName"/>
    internal const string AlertConnectionName = "regimen-monitor alerts";

    private static void ConfigureHost(IRabbitMqBusFactoryConfigurator cfg, Uri uri, string? connectionName)
    {
        var userInfo = uri.UserInfo.Split(':', 2);
        var virtualHost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        var port = uri.IsDefaultPort || uri.Port <= 0 ? (uri.Scheme == "amqps" ? 5671 : 5672) : uri.Port;
        cfg.Host(uri.Host, (ushort)port, virtualHost.Length == 0 ? "/" : virtualHost, h =>
        {
            if (userInfo[0].Length > 0)
            {
                h.Username(Uri.UnescapeDataString(userInfo[0]));
            }

            if (userInfo.Length > 1)
            {
                h.Password(Uri.UnescapeDataString(userInfo[1]));
            }

            if (uri.Scheme == "amqps")
            {
                h.UseSsl(s => s.Protocol = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13);
            }

            if (connectionName is not null)
            {
                h.ConnectionName(connectionName);
            }

            h.PublisherConfirmation = true;
            h.Heartbeat(TimeSpan.FromSeconds(10));
            h.RequestedConnectionTimeout(TimeSpan.FromSeconds(10));
        });
    }

    /// <summary>Contract types publish to the fixed wire exchange names.</summary>
    private static void ConfigureWireTopology(IRabbitMqBusFactoryConfigurator cfg)
    {
        cfg.Message<MedicationDispensed>(m => m.SetEntityName(MedicationDispensed.ExchangeName));
        cfg.Publish<MedicationDispensed>(p => p.ExchangeType = ExchangeType.Fanout);
        cfg.Message<SupplementReported>(m => m.SetEntityName(SupplementReported.ExchangeName));
        cfg.Publish<SupplementReported>(p => p.ExchangeType = ExchangeType.Fanout);
        cfg.Message<AlertAcknowledged>(m => m.SetEntityName(AlertAcknowledged.ExchangeName));
        cfg.Publish<AlertAcknowledged>(p => p.ExchangeType = ExchangeType.Fanout);
        cfg.Message<RegimenAlertRaised>(m => m.SetEntityName(RegimenAlertRaised.ExchangeName));
        cfg.Publish<RegimenAlertRaised>(p => p.ExchangeType = ExchangeType.Topic);
        // the same alerts as FHIR DetectedIssues (Fhir/FhirAlertPublisher): declared at start-up like the native exchange
        cfg.Message<Fhir.DetectedIssuePublished>(m => m.SetEntityName(Fhir.FhirAlertPublisher.ExchangeName));
        // (an internal type is a "temporary" one to MassTransit: durable and kept are said explicitly)
        cfg.Publish<Fhir.DetectedIssuePublished>(p =>
        {
            p.ExchangeType = ExchangeType.Topic;
            p.Durable = true;
            p.AutoDelete = false;
        });
    }

}
