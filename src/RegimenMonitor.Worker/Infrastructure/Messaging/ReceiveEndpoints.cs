using System.Runtime.Serialization;
using System.Text.Json;
using MassTransit;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;

namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// What every receive endpoint shares, for the consumer definitions: queue names under the configured prefix, the
/// concurrency the database allows, the contract check at the edge and the retry policy.
/// </summary>
internal static class ReceiveEndpoints
{
    public static string DispensedQueue(MessagingOptions options) => $"{options.QueuePrefix}.medication-dispensed";

    public static string SupplementQueue(MessagingOptions options) => $"{options.QueuePrefix}.supplement-reported";

    public static string AcknowledgementQueue(MessagingOptions options) => $"{options.QueuePrefix}.alert-acknowledged";

    /// <summary>Messages consumed at once per endpoint and process.</summary>
    public static int ConcurrencyLimit(MessagingOptions messaging, DatabaseOptions database) =>
        // One writer at a time where the dialect says so (SQLite: its database lock serialises writers anyway).
        DatabaseDialect.For(database.Provider).SingleWriter ? 1 : messaging.ConcurrentMessageLimit;

    /// <summary>
    /// The contract at the edge: plain JSON (application/json or no content type) from any AMQP client and MassTransit
    /// envelopes of this endpoint's type; anything else goes to _error with a reason naming the field.
    /// </summary>
    public static void UseContractDeserializer<TMessage>(IReceiveEndpointConfigurator e, string eventType, TimeProvider clock, TimeSpan maxFutureSkew)
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(e);
        var isDefault = true;
        foreach (var factory in ContractDeserializer.Factories(eventType, MessageUrn.ForTypeString<TMessage>(), clock, maxFutureSkew))
        {
            e.AddDeserializer(factory, isDefault);
            isDefault = false;
        }
    }

    /// <summary>
    /// Transient failures are retried in process, up to <c>Messaging:RetryLimit</c> times; a database that is away is
    /// retried for as long as it is away (<see cref="OutageRetryPolicy"/>), so valid events never reach <c>_error</c>
    /// because of an outage; invalid data is never retried (it goes to <c>_error</c> at once).
    /// </summary>
    public static void ConfigureRetry(IReceiveEndpointConfigurator e, MessagingOptions messaging, DatabaseOptions database, Health.WriteRefusals? refusals = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(messaging);
        ArgumentNullException.ThrowIfNull(database);
        var dialect = DatabaseDialect.For(database.Provider);
        // every failed attempt passes here: a write refused for want of a resource is told to readiness
        Func<Exception, bool> isOutage = refusals is null ? dialect.IsOutage : exception =>
        {
            refusals.Saw(exception);
            return dialect.IsOutage(exception);
        };
        e.UseMessageRetry(r =>
        {
            r.Ignore<InvalidEventException>();
            r.Ignore<JsonException>();
            r.Ignore<SerializationException>();
            r.Ignore<NotSupportedException>();
            r.SetRetryPolicy(filter => new OutageRetryPolicy(filter, messaging.RetryLimit, isOutage));
        });
    }
}
