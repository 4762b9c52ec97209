namespace RegimenMonitor.Worker.Configuration;

internal enum MessagingTransport
{
    InMemory,
    RabbitMq,
}
