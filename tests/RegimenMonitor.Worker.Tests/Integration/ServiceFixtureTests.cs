using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// The service fixtures' rule (environment, else a Testcontainers container when Docker answers, else skip with a
/// reason), checked without a service or a Docker engine.
/// </summary>
public sealed class ServiceFixtureTests
{
    [Fact]
    public void A_service_named_by_the_environment_wins_and_docker_is_not_asked()
    {
        var asked = false;
        var source = ServiceSource.Choose("RabbitMQ", RabbitMqFixture.Variable, " amqp://u:p@rabbit.example:5672/ ", () => asked = true);

        Assert.Equal(ServiceSourceKind.Environment, source.Kind);
        Assert.Equal("amqp://u:p@rabbit.example:5672/", source.Value);
        Assert.Null(source.SkipReason);
        Assert.False(asked);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Without_the_variable_a_docker_engine_gives_a_container(string? value)
    {
        var source = ServiceSource.Choose("PostgreSQL", PostgresFixture.Variable, value, () => true);

        Assert.Equal(ServiceSourceKind.Container, source.Kind);
        Assert.Null(source.Value);
        Assert.Null(source.SkipReason);
    }

    [Theory]
    [InlineData("RabbitMQ", RabbitMqFixture.Variable)]
    [InlineData("PostgreSQL", PostgresFixture.Variable)]
    public void With_neither_the_tests_are_skipped_with_a_reason_naming_the_variable_and_docker(string service, string variable)
    {
        var source = ServiceSource.Choose(service, variable, null, () => false);

        Assert.Equal(ServiceSourceKind.Unavailable, source.Kind);
        Assert.Null(source.Value);
        Assert.NotNull(source.SkipReason);
        Assert.StartsWith($"no {service}: ", source.SkipReason, StringComparison.Ordinal);
        Assert.Contains($"{variable} is not set", source.SkipReason, StringComparison.Ordinal);
        Assert.Contains("no Docker engine answered", source.SkipReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_the_test_script_does_not_provide_says_where_its_tests_run()
    {
        var source = ServiceSource.Choose("SQL Server", SqlServerFixture.Variable, null, () => false, "the sqlserver job runs these");

        Assert.Equal("no SQL Server: RM_TEST_SQLSERVER is not set and no Docker engine answered for a Testcontainers container (the sqlserver job runs these)",
            source.SkipReason);
    }

    [Fact]
    public void The_management_api_defaults_to_the_amqp_host_on_15672()
    {
        var endpoint = RabbitMqFixture.FromEnvironment("amqp://u:p@rabbit.example:5672/", null);

        Assert.Equal(new Uri("http://rabbit.example:15672/"), endpoint.Management);
        Assert.Equal(ServiceSourceKind.Environment, endpoint.Source);
        Assert.Equal(new Uri("http://mgmt.example:8080/"), RabbitMqFixture.FromEnvironment("amqp://u:p@rabbit.example/", "http://mgmt.example:8080/").Management);
    }
}
