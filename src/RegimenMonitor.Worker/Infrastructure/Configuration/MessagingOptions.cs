using Microsoft.Extensions.Configuration;

namespace RegimenMonitor.Worker.Infrastructure.Configuration;

/// <summary>Broker settings. Section <c>Messaging</c>; connection string <c>ConnectionStrings:RabbitMq</c>.</summary>
internal sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>Null: RabbitMQ when <c>ConnectionStrings:RabbitMq</c> is set, otherwise the in-memory transport.</summary>
    public MessagingTransport? Transport { get; set; }

    /// <summary>Filled from <c>ConnectionStrings:RabbitMq</c>, e.g. <c>amqp://user:password@host:5672/vhost</c>.</summary>
    public string? RabbitMqConnectionString { get; set; }

    /// <summary>Queue name prefix of this service's receive endpoints.</summary>
    public string QueuePrefix { get; set; } = "regimen-monitor";

    /// <summary>Messages the broker may deliver ahead of acknowledgement, per endpoint.</summary>
    public int PrefetchCount { get; set; } = 1024;

    /// <summary>
    /// Messages processed at once, per endpoint and process. With group commit, the messages in flight are what a
    /// write batch is made of, so this is well above the core count.
    /// </summary>
    public int ConcurrentMessageLimit { get; set; } = 512;

    /// <summary>
    /// Retries (exponential back-off) of a message whose processing failed for a transient reason — a lost
    /// optimistic-concurrency race, a database or broker hiccup — before it goes to the _error queue. Invalid
    /// messages are never retried.
    /// </summary>
    public int RetryLimit { get; set; } = 10;

    /// <summary>
    /// Changes written per database transaction (group commit of the messages in flight; each message is still
    /// acknowledged only after the commit of its group). 1 writes each change in its own transaction. SQLite always
    /// uses 1.
    /// </summary>
    public int WriteBatchSize { get; set; } = 256;

    /// <summary>Parallel writers (patients are split among them); PostgreSQL only.</summary>
    public int WriteLanes { get; set; } = 2;

    /// <summary>Use quorum queues (replicated) for the receive endpoints.</summary>
    public bool QuorumQueues { get; set; } = true;

    /// <summary>
    /// How long the worker's start waits for the broker (connection and receive topology); after it, the run ends with
    /// exit code 1 so a supervisor can start it again.
    /// </summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The transport the configuration selects, for composition only: the bus's transport is chosen when the services
    /// are registered, before the options system runs. Everything else is read through <c>IOptions&lt;MessagingOptions&gt;</c>
    /// (bound once, validated at start); the rule is <see cref="EffectiveTransport"/>'s.
    /// </summary>
    public static MessagingTransport TransportIn(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        return Choose(
            section.GetValue<MessagingTransport?>(nameof(Transport)),
            section[nameof(RabbitMqConnectionString)] ?? configuration.GetConnectionString("RabbitMq"));
    }

    public MessagingTransport EffectiveTransport => Choose(Transport, RabbitMqConnectionString);

    private static MessagingTransport Choose(MessagingTransport? transport, string? rabbitMqConnectionString) =>
        transport ?? (string.IsNullOrWhiteSpace(rabbitMqConnectionString) ? MessagingTransport.InMemory : MessagingTransport.RabbitMq);
}
