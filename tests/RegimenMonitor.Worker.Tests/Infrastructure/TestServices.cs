namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>Where the real services are: environment variables set by scripts/test.sh, with loopback defaults.</summary>
internal static class TestServices
{
    public static Uri RabbitMq { get; } = new(Environment.GetEnvironmentVariable("RM_TEST_RABBITMQ") ?? "amqp://regimen_test:regimen_test@127.0.0.1:5672/");

    public static Uri RabbitMqManagement { get; } = new(Environment.GetEnvironmentVariable("RM_TEST_RABBITMQ_MANAGEMENT") ?? "http://127.0.0.1:15672/");

    public static string Postgres { get; } = Environment.GetEnvironmentVariable("RM_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=regimen_test;Password=regimen_test;Database=postgres";

    public static string RabbitUser => Uri.UnescapeDataString(RabbitMq.UserInfo.Split(':')[0]);

    public static string RabbitPassword => Uri.UnescapeDataString(RabbitMq.UserInfo.Split(':', 2)[1]);

    public static string AmqpForVirtualHost(string virtualHost) =>
        new UriBuilder(RabbitMq) { Path = "/" + Uri.EscapeDataString(virtualHost) }.Uri.ToString();
}
