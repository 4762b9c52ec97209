namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>
/// Where the real services are, as resolved by their fixtures (<see cref="RabbitMqFixture"/>,
/// <see cref="PostgresFixture"/>): the environment's variables, a container, or the test is skipped. The properties
/// are valid once the test has asked for its service (<see cref="RabbitMqTestBroker.CreateAsync"/>,
/// <see cref="PostgresTestDatabase.CreateAsync"/>).
/// </summary>
internal static class TestServices
{
    public static Uri RabbitMq => RabbitMqFixture.Resolved.Amqp;

    public static Uri RabbitMqManagement => RabbitMqFixture.Resolved.Management;

    public static string Postgres => PostgresFixture.Resolved;

    public static string RabbitUser => Uri.UnescapeDataString(RabbitMq.UserInfo.Split(':')[0]);

    public static string RabbitPassword => Uri.UnescapeDataString(RabbitMq.UserInfo.Split(':', 2)[1]);

    public static string AmqpForVirtualHost(string virtualHost) =>
        new UriBuilder(RabbitMq) { Path = "/" + Uri.EscapeDataString(virtualHost) }.Uri.ToString();
}
