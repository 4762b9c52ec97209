namespace RegimenMonitor.Worker.Infrastructure.Configuration;

internal enum MessagingTransport
{
    InMemory,
    RabbitMq,
}
