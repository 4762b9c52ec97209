using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

public sealed class OptionsValidationTests
{
    private static IReadOnlyList<string> StartFails(Dictionary<string, string?> settings)
    {
        settings["Logging:LogLevel:Default"] = "None";
        using var host = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, settings).Build();
        var ex = Assert.ThrowsAny<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult());
        var failures = RegimenMonitor.Worker.Infrastructure.Configuration.ConfigurationErrors.Failures(ex);
        Assert.NotNull(failures);
        return failures;
    }

    [Fact]
    public void Every_bad_setting_is_reported_at_once_with_how_to_fix_it()
    {
        var ex = StartFails(new()
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Database"] = "",
            ["Messaging:PrefetchCount"] = "0",
            ["Messaging:ConcurrentMessageLimit"] = "0",
        });
        var failures = string.Join("\n", ex);
        Assert.Contains("ConnectionStrings__Database", failures, StringComparison.Ordinal);
        Assert.Contains("Messaging:PrefetchCount", failures, StringComparison.Ordinal);
        Assert.Contains("Messaging:ConcurrentMessageLimit", failures, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Alerts:SweepCron", "0 30 2 30 2 ?")] // 30 February
    [InlineData("Alerts:RetentionCron", "0 0 0 1 1 ? 2020")] // a year gone by
    public void A_cron_expression_that_never_fires_is_refused_naming_its_setting(string key, string expression)
    {
        var ex = StartFails(new() { [key] = expression });
        Assert.Contains($"{key} never fires from now on (a day no month has, or a year gone by); was '{expression}'.", ex);
    }

    [Fact]
    public void The_broker_guest_account_is_refused_outside_development()
    {
        var ex = StartFails(new() { ["ConnectionStrings:RabbitMq"] = "amqp://guest:guest@localhost:5672/" });
        Assert.Contains(ex, f => f.Contains("guest", StringComparison.Ordinal) && f.Contains("Development", StringComparison.Ordinal));
    }

    [Fact]
    public void A_broker_connection_string_that_is_not_amqp_is_refused()
    {
        var ex = StartFails(new() { ["Messaging:Transport"] = "RabbitMq", ["ConnectionStrings:RabbitMq"] = "localhost" });
        Assert.Contains(ex, f => f.StartsWith("Messaging:Transport is RabbitMq but ConnectionStrings:RabbitMq is not an amqp://", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("amqp://regimen:secret@broker:99999/")] // a port out of range
    [InlineData("amqp://regimen:p@ss@broker:5672/")] // an '@' in the password, not percent-encoded
    // found by a newcomer probe: a '#' in the password cuts the URI there, and the fix did not name it
    [InlineData("amqp://regimen:se#cret@broker:5672/")]
    [InlineData("amqp://regimen:se?cret@broker:5672/")]
    public void An_amqp_uri_that_does_not_parse_is_refused_with_what_to_check(string uri)
    {
        var ex = StartFails(new() { ["ConnectionStrings:RabbitMq"] = uri });
        Assert.Contains(ex, f => f.StartsWith("ConnectionStrings:RabbitMq starts as an amqp:// URI but is not a valid one: check the port", StringComparison.Ordinal)
            && f.EndsWith("('@' as %40, ':' as %3A, '/' as %2F, '#' as %23, '?' as %3F).", StringComparison.Ordinal));
        Assert.DoesNotContain(ex, f => f.Contains("secret", StringComparison.Ordinal));
    }

    [Theory]
    // found by an independent edge probe: the RabbitMQ client's own parser refused these when connecting, exit 1, with
    // its message quoting the path
    [InlineData("amqp://regimen:secret@broker:5672/a/b", "ConnectionStrings:RabbitMq names a virtual host of more than one path segment: write a '/' in the vhost's name as %2F")]
    [InlineData("amqp://regimen:secret@broker:5672/secret/vhost", "ConnectionStrings:RabbitMq names a virtual host of more than one path segment")]
    [InlineData("amqp://regimen:secret@broker:0/", "ConnectionStrings:RabbitMq starts as an amqp:// URI but is not a valid one: check the port (1 to 65535)")]
    // found by an independent edge probe: the vhost was read as 'regimen/' and the fix said `rabbitmqctl add_vhost regimen/`
    [InlineData("amqp://regimen:secret@broker:5672/regimen/", "ConnectionStrings:RabbitMq ends its virtual host with '/'")]
    // found by an independent probe: a query was accepted and ignored (the worker's heartbeat stayed 10 s)
    [InlineData("amqp://regimen:secret@broker:5672/vhost?heartbeat=abc", "ConnectionStrings:RabbitMq has a query or fragment ('?…' or '#…' after the vhost), which this program does not read")]
    [InlineData("amqps://regimen:secret@broker/?heartbeat=30&connection_timeout=5000", "ConnectionStrings:RabbitMq has a query or fragment")]
    [InlineData("amqp://regimen:secret@broker:5672/?secret", "ConnectionStrings:RabbitMq has a query or fragment")]
    [InlineData("amqp://regimen:secret@broker:5672/vhost#secret", "ConnectionStrings:RabbitMq has a query or fragment")]
    // found by an independent edge probe: a malformed percent-encoding was taken literally, the vhost "%ZZ"
    [InlineData("amqp://regimen:secret@broker:5672/%ZZ", "ConnectionStrings:RabbitMq has a '%' in its virtual host that is not followed by two hex digits")]
    [InlineData("amqp://regimen:secret@broker:5672/prod%2", "ConnectionStrings:RabbitMq has a '%' in its virtual host that is not followed by two hex digits")]
    [InlineData("amqps://regimen:secret@broker/100%?x", "ConnectionStrings:RabbitMq has a '%' in its virtual host that is not followed by two hex digits")]
    public void An_amqp_uri_the_rabbitmq_client_would_refuse_is_refused_at_start(string uri, string expected)
    {
        var ex = StartFails(new() { ["ConnectionStrings:RabbitMq"] = uri });
        Assert.Contains(ex, f => f.StartsWith(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(ex, f => f.Contains("secret", StringComparison.Ordinal));
        Assert.Null(RegimenMonitorOptionsValidator.AmqpUriFailure(new Uri("amqp://regimen:secret@broker:5672/regimen%2Fprod")));
        Assert.Null(RegimenMonitorOptionsValidator.AmqpUriFailure(new Uri("amqps://regimen:secret@broker/")));
        Assert.Null(RegimenMonitorOptionsValidator.AmqpUriFailure(new Uri("amqp://regimen:secret@broker:5672//"))); // the vhost '/'
        Assert.Null(RegimenMonitorOptionsValidator.AmqpUriFailure(new Uri("amqp://regimen:se%3Fc%23ret@broker:5672/v%3Fhost")));
        Assert.Null(RegimenMonitorOptionsValidator.AmqpUriFailure(new Uri("amqp://regimen:secret@broker:5672/%25ZZ%2f"))); // the vhost "%ZZ/"
        Assert.Null(RegimenMonitorOptionsValidator.AmqpUriFailure(new Uri("amqp://regimen:100%@broker:5672/vhost"))); // a password is read as written
    }

    [Fact]
    public void A_broker_connection_string_that_is_not_amqp_is_refused_without_naming_a_transport_nobody_set()
    {
        // the transport is inferred from the connection string: the message is about the connection string alone
        var ex = StartFails(new() { ["ConnectionStrings:RabbitMq"] = "http://127.0.0.1:5672/" });
        Assert.Contains(ex, f => f.StartsWith("ConnectionStrings:RabbitMq must be an amqp:// or amqps:// URI", StringComparison.Ordinal));
        Assert.DoesNotContain(ex, f => f.Contains("Messaging:Transport", StringComparison.Ordinal));
    }

    [Theory]
    // found by an independent edge probe: /dev/zero was read to 2 GB and evaluate ended with exit 1 and .NET's "Array
    // dimensions exceeded supported range."; a named pipe without a writer waited for ever
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public void A_terminology_path_that_is_no_regular_file_is_refused(string path)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the device paths are Linux's");
        var result = new RegimenMonitor.Worker.Terminology.TerminologyOptionsValidator().Validate(null, new RegimenMonitor.Worker.Terminology.TerminologyOptions { Path = path });

        Assert.True(result.Failed);
        Assert.Contains($"Terminology:Path '{path}' is not a regular file", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_days_supply_out_of_range_is_refused()
    {
        var ex = StartFails(new() { ["Regimen:DefaultDaysSupply"] = "0" });
        Assert.Contains(ex, f => f.Contains("Regimen:DefaultDaysSupply", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("2.00:00:00")]
    public void A_future_skew_out_of_range_is_refused_with_how_to_fix_it(string skew)
    {
        var ex = StartFails(new() { ["Regimen:MaxFutureSkew"] = skew });
        Assert.Contains(ex, f => f.Contains("Regimen:MaxFutureSkew must be between 00:00:00 and 1.00:00:00", StringComparison.Ordinal));
    }

    [Theory]
    // found by an independent edge probe: accepted, they overflowed the jobs' date arithmetic, and dispatch, escalation
    // and retention failed at every run while readiness said Healthy
    [InlineData("Alerts:DispatchInterval", "10675199.00:00:00", "Alerts:DispatchInterval must be at most 1.00:00:00 (was 10675199.00:00:00)")]
    [InlineData("Alerts:EscalationInterval", "2.00:00:00", "Alerts:EscalationInterval must be at most 1.00:00:00 (was 2.00:00:00)")]
    [InlineData("Alerts:EscalateAfter", "10675199.00:00:00", "Alerts:EscalateAfter must be at most 3650.00:00:00 (was 10675199.00:00:00)")]
    [InlineData("Alerts:OutboxRetention", "3651.00:00:00", "Alerts:OutboxRetention must be at most 3650.00:00:00 (was 3651.00:00:00)")]
    [InlineData("Alerts:ProcessedEventRetention", "10675199.00:00:00", "Alerts:ProcessedEventRetention must be at most 3650.00:00:00")]
    [InlineData("Alerts:ReviewInterval", "1.00:00:01", "Alerts:ReviewInterval must be at most 1.00:00:00")]
    [InlineData("Alerts:DispatchMaxBackoff", "10675199.00:00:00", "Alerts:DispatchMaxBackoff must be at most 1.00:00:00")]
    [InlineData("Alerts:OutboxStuckThreshold", "7.00:00:00", "Alerts:OutboxStuckThreshold must be at most 1.00:00:00")]
    [InlineData("Alerts:PublishStallThreshold", "7.00:00:00", "Alerts:PublishStallThreshold must be at most 1.00:00:00")]
    public void An_alert_duration_beyond_its_bound_is_refused_naming_it(string key, string value, string message)
    {
        var ex = StartFails(new() { [key] = value });
        Assert.Contains(ex, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Alert_durations_at_their_bounds_are_accepted()
    {
        var environment = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory };
        Assert.True(new RegimenMonitor.Worker.Hosting.RegimenMonitorOptionsValidator(environment).Validate(null, new RegimenMonitor.Worker.Alerts.AlertOptions
        {
            DispatchInterval = TimeSpan.FromDays(1), DispatchInitialBackoff = TimeSpan.FromDays(1), DispatchMaxBackoff = TimeSpan.FromDays(1),
            EscalateAfter = TimeSpan.FromDays(3650), EscalationInterval = TimeSpan.FromDays(1), OutboxRetention = TimeSpan.FromDays(3650),
            ProcessedEventRetention = TimeSpan.FromDays(3650), OutboxStuckThreshold = TimeSpan.FromDays(1), PublishStallThreshold = TimeSpan.FromDays(1),
            ReviewInterval = TimeSpan.FromDays(1),
        }).Succeeded);
    }

    [Theory]
    [InlineData("Regimen:CompactHistoryAbove", "-1", "Regimen:CompactHistoryAbove must be 0 (off) or at least 8 items (was -1)")]
    [InlineData("Regimen:CompactHistoryAbove", "3", "Regimen:CompactHistoryAbove must be 0 (off) or at least 8 items (was 3)")]
    [InlineData("Regimen:HistoryCutoffMargin", "00:00:10", "Regimen:HistoryCutoffMargin must be between 00:01:00 and 3650.00:00:00 (was 00:00:10)")]
    public void A_history_compaction_setting_out_of_range_is_refused(string key, string value, string message)
    {
        var ex = StartFails(new() { [key] = value });
        Assert.Contains(ex, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("00:00:00.5")]
    [InlineData("-00:00:05")]
    [InlineData("02:00:00")]
    public void A_native_memory_trim_interval_out_of_range_is_refused(string interval)
    {
        var ex = StartFails(new() { ["Runtime:NativeMemoryTrimInterval"] = interval });
        Assert.Contains(ex, f => f.Contains(
            "Runtime:NativeMemoryTrimInterval must be 00:00:00 (off) or between 00:00:01 and 01:00:00", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("00:00:00", true)]
    [InlineData("00:00:01", true)]
    [InlineData("01:00:00", true)]
    [InlineData("01:00:01", false)]
    public void The_native_memory_trim_interval_is_off_or_one_second_to_one_hour(string interval, bool valid) =>
        Assert.Equal(valid, new RuntimeOptionsValidator().Validate(null, new RuntimeOptions { NativeMemoryTrimInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) }).Succeeded);

    [Fact]
    public void Embedded_defaults_are_valid()
    {
        using var host = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "None" }).Build();
        var options = host.Services.GetRequiredService<IOptions<RegimenMonitor.Worker.Infrastructure.Configuration.DatabaseOptions>>().Value;
        Assert.Equal(RegimenMonitor.Worker.Infrastructure.Configuration.DatabaseProvider.Sqlite, options.Provider);
        Assert.Equal(RegimenMonitor.Worker.Infrastructure.Configuration.DatabaseOptions.DefaultSqliteConnectionString, options.EffectiveConnectionString);
        var messaging = host.Services.GetRequiredService<IOptions<RegimenMonitor.Worker.Infrastructure.Configuration.MessagingOptions>>().Value;
        Assert.Equal(RegimenMonitor.Worker.Infrastructure.Configuration.MessagingTransport.InMemory, messaging.EffectiveTransport);
    }
}
