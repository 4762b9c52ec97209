using System.Text;
using RabbitMQ.Client;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>A plain RabbitMQ.Client publisher with confirms (no MassTransit), as a pharmacy system would use.</summary>
internal static class AmqpPublisher
{
    public static async Task PublishAsync(string amqpUri, string exchange, IEnumerable<string> bodies, CancellationToken ct, string? contentEncoding = null)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqpUri) };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), ct);
        var properties = new BasicProperties { ContentType = "application/json", ContentEncoding = contentEncoding, DeliveryMode = DeliveryModes.Persistent };
        var batch = new List<Task>(100);
        foreach (var body in bodies)
        {
            batch.Add(channel.BasicPublishAsync(exchange, string.Empty, false, properties, Encoding.UTF8.GetBytes(body), ct).AsTask());
            if (batch.Count == 100)
            {
                await Task.WhenAll(batch);
                batch.Clear();
            }
        }

        await Task.WhenAll(batch);
    }
}
