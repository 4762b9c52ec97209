using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;

namespace RegimenMonitor.Worker.Hosting;

/// <summary>Validates every option at start-up and reports all failures at once, each with how to fix it.</summary>
internal sealed partial class RegimenMonitorOptionsValidator(IHostEnvironment environment) :
    IValidateOptions<DatabaseOptions>, IValidateOptions<MessagingOptions>, IValidateOptions<RegimenOptions>, IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options) => ValidateDatabase(options, checkConnectionString: true);

    /// <summary>
    /// The database settings; without <paramref name="checkConnectionString"/> the connection string's checks, which are
    /// the provider's, are left out (the provider given did not parse, and the default bound in its place is not the
    /// database meant).
    /// </summary>
    internal static ValidateOptionsResult ValidateDatabase(DatabaseOptions options, bool checkConnectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            var names = Enum.GetNames<DatabaseProvider>();
            failures.Add($"Database:Provider must be {string.Join(", ", names[..^1])} or {names[^1]} (was {(int)options.Provider}).");
        }
        else if (checkConnectionString)
        {
            // the connection string's checks are the database's (one dialect per provider)
            failures.AddRange(DatabaseDialect.For(options.Provider).ConnectionStringFailures(options));
        }

        if (options.StartTimeout < TimeSpan.FromSeconds(1) || options.StartTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"Database:StartTimeout must be between 00:00:01 and 01:00:00 (was {options.StartTimeout}); it is how long the worker's start waits for a database server that does not answer.");
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var failures = new List<string>();
        if (options.EffectiveTransport == MessagingTransport.RabbitMq)
        {
            if (!Uri.TryCreate(options.RabbitMqConnectionString, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
            {
                // the transport is RabbitMq because it was set, or because a connection string was (inferred)
                failures.Add(options.RabbitMqConnectionString?.Trim() is { } given
                        && (given.StartsWith("amqp://", StringComparison.OrdinalIgnoreCase) || given.StartsWith("amqps://", StringComparison.OrdinalIgnoreCase))
                    ? NotAValidAmqpUri
                    : options.Transport == MessagingTransport.RabbitMq
                    ? "Messaging:Transport is RabbitMq but ConnectionStrings:RabbitMq is not an amqp:// or amqps:// URI; set ConnectionStrings__RabbitMq to e.g. 'amqp://regimen:<password>@rabbitmq:5672/'."
                    : "ConnectionStrings:RabbitMq must be an amqp:// or amqps:// URI, e.g. 'amqp://regimen:<password>@rabbitmq:5672/' (leave it empty for the in-memory transport).");
            }
            else if (AmqpUriFailure(uri) is { } amqpFailure)
            {
                failures.Add(amqpFailure);
            }
            else
            {
                var user = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
                if ((user.Length == 0 || user == "guest") && !environment.IsDevelopment())
                {
                    failures.Add("ConnectionStrings:RabbitMq uses the broker's default guest account (or none); that is accepted only in the Development environment. Create a dedicated user and put its credentials in ConnectionStrings__RabbitMq.");
                }
            }
        }

        if (options.PrefetchCount is < 1 or > 10_000)
        {
            failures.Add($"Messaging:PrefetchCount must be between 1 and 10000 (was {options.PrefetchCount}).");
        }

        if (options.ConcurrentMessageLimit is < 1 or > 1_000)
        {
            failures.Add($"Messaging:ConcurrentMessageLimit must be between 1 and 1000 (was {options.ConcurrentMessageLimit}).");
        }

        if (options.RetryLimit is < 0 or > 50)
        {
            failures.Add($"Messaging:RetryLimit must be between 0 and 50 (was {options.RetryLimit}).");
        }

        if (options.StartTimeout < TimeSpan.FromSeconds(1) || options.StartTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"Messaging:StartTimeout must be between 00:00:01 and 01:00:00 (was {options.StartTimeout}); it is how long the worker's start waits for the broker.");
        }

        if (options.WriteBatchSize is < 1 or > 1_000)
        {
            failures.Add($"Messaging:WriteBatchSize must be between 1 and 1000 (was {options.WriteBatchSize}).");
        }

        if (options.WriteLanes is < 1 or > 64)
        {
            failures.Add($"Messaging:WriteLanes must be between 1 and 64 (was {options.WriteLanes}).");
        }

        if (string.IsNullOrWhiteSpace(options.QueuePrefix))
        {
            failures.Add("Messaging:QueuePrefix must not be empty.");
        }
        else if (QueuePrefixFailure(options.QueuePrefix) is { } prefixFailure)
        {
            failures.Add(prefixFailure);
        }

        return Result(failures);
    }

    /// <summary>The longest queue prefix: AMQP names a queue in at most 255 bytes, and the worker's longest queue adds 34 (<c>.fhir-medication-statement_skipped</c>).</summary>
    public const int MaxQueuePrefixLength = 200;

    /// <summary>
    /// A queue prefix the broker and the bus can name queues with: letters, digits, '.', '-' and '_' (the bus puts the
    /// name in an address, where a space, '/', '#' or '?' would change its meaning), not the broker's reserved
    /// <c>amq.</c>, at most <see cref="MaxQueuePrefixLength"/> characters. Null when it is one.
    /// </summary>
    internal static string? QueuePrefixFailure(string prefix)
    {
        if (prefix.Length > MaxQueuePrefixLength)
        {
            return $"Messaging:QueuePrefix must be at most {MaxQueuePrefixLength} characters (was {prefix.Length}): the broker names a queue in at most 255 bytes, and the worker adds up to 34.";
        }

        if (prefix.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_')))
        {
            return "Messaging:QueuePrefix may hold only letters, digits, '.', '-' and '_' (ASCII), e.g. regimen-monitor.";
        }

        return prefix.StartsWith("amq.", StringComparison.OrdinalIgnoreCase)
            ? "Messaging:QueuePrefix must not start with 'amq.': the broker reserves those names."
            : null;
    }

    private const string NotAValidAmqpUri = "ConnectionStrings:RabbitMq starts as an amqp:// URI but is not a valid one: check the port (1 to 65535) and percent-encode the user name and password ('@' as %40, ':' as %3A, '/' as %2F, '#' as %23, '?' as %3F).";

    /// <summary>
    /// What the RabbitMQ client's own reading of an absolute amqp URI refuses, in our words, or null: it threw its
    /// ArgumentException ("Multiple segments in path of AMQP URI: …", quoting the path) when the verbs and the worker
    /// connected, exit 1 (found by an independent edge probe, as Npgsql's parser exception was). Never its message.
    /// </summary>
    internal static string? AmqpUriFailure(Uri uri)
    {
        if (uri.Segments.Length > 2)
        {
            return "ConnectionStrings:RabbitMq names a virtual host of more than one path segment: write a '/' in the vhost's name as %2F (amqp://user:password@host:5672/vhost).";
        }

        if (uri.Segments.Length == 2 && uri.Segments[1].Length > 1 && uri.Segments[1].EndsWith('/'))
        {
            // the client reads "…/regimen/" as the vhost "regimen/", which no broker has: the login was refused as a
            // missing vhost and the fix said `rabbitmqctl add_vhost regimen/` (found by an independent edge probe)
            return "ConnectionStrings:RabbitMq ends its virtual host with '/' (…/vhost/), which the RabbitMQ client reads as part of the vhost's name: remove the trailing slash (a '/' in the vhost's name is written %2F; the default vhost '/' is an empty path or %2F).";
        }

        if (MalformedEscape().IsMatch(WrittenPath(uri)))
        {
            // the client and the bus unescape the vhost leniently: "%ZZ" was taken as the vhost "%ZZ", a name no one meant
            // (found by an independent edge probe)
            return "ConnectionStrings:RabbitMq has a '%' in its virtual host that is not followed by two hex digits (a malformed percent-encoding), which the RabbitMQ client would read literally: write a '%' in the vhost's name as %25, a '/' as %2F.";
        }

        if (!uri.IsDefaultPort && uri.Port is < 1 or > 65535)
        {
            return NotAValidAmqpUri;
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            // neither the RabbitMQ client nor MassTransit's host reads them: ?heartbeat=abc was accepted and ignored
            // (found by an independent probe). The worker sets what such a query would (MessagingConfiguration).
            return "ConnectionStrings:RabbitMq has a query or fragment ('?…' or '#…' after the vhost), which this program does not read: "
                + "the heartbeat (10 s) and the connection timeout (10 s) are the worker's own, TLS is amqps://. Remove it "
                + "(a '?' or '#' in the user name, password or vhost is written %3F or %23).";
        }

        try
        {
            _ = new RabbitMQ.Client.ConnectionFactory { Uri = uri };
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException or NotSupportedException)
        {
            return "ConnectionStrings:RabbitMq is not an AMQP URI the RabbitMQ client reads; use the form amqp://user:password@host:5672/vhost (percent-encode '@', ':' and '/' in the user name, password and vhost).";
        }
    }

    /// <summary>
    /// The path of <paramref name="uri"/> as written (without query or fragment): <see cref="Uri"/> itself escapes a stray
    /// '%' (to %25), so only the text given shows one.
    /// </summary>
    private static string WrittenPath(Uri uri)
    {
        var text = uri.OriginalString.Trim();
        var authority = text.IndexOf("//", StringComparison.Ordinal);
        var start = authority < 0 ? -1 : text.IndexOfAny(['/', '?', '#'], authority + 2);
        if (start < 0 || text[start] != '/')
        {
            return string.Empty;
        }

        var end = text.IndexOfAny(['?', '#'], start);
        return end < 0 ? text[start..] : text[start..end];
    }

    // a '%' not followed by two hex digits
    [System.Text.RegularExpressions.GeneratedRegex("%(?![0-9A-Fa-f]{2})")]
    private static partial System.Text.RegularExpressions.Regex MalformedEscape();

    public ValidateOptionsResult Validate(string? name, RegimenOptions options)
    {
        var failures = new List<string>();
        if (options.DefaultDaysSupply is < 1 or > 400)
        {
            failures.Add($"Regimen:DefaultDaysSupply must be between 1 and 400 days (was {options.DefaultDaysSupply}).");
        }

        if (options.CompactHistoryAbove is < 0 or (> 0 and < 8))
        {
            failures.Add($"Regimen:CompactHistoryAbove must be 0 (off) or at least 8 items (was {options.CompactHistoryAbove}).");
        }

        if (options.HistoryCutoffMargin < TimeSpan.FromMinutes(1) || options.HistoryCutoffMargin > TimeSpan.FromDays(3650))
        {
            failures.Add($"Regimen:HistoryCutoffMargin must be between 00:01:00 and 3650.00:00:00 (was {options.HistoryCutoffMargin}); it must exceed the clock difference between replicas.");
        }

        if (options.CachedItems is < 0 or > 10_000_000)
        {
            failures.Add($"Regimen:CachedItems must be between 0 (off) and 10000000 items (was {options.CachedItems}); each takes about half a KB of memory.");
        }

        if (options.MaxFutureSkew < TimeSpan.Zero || options.MaxFutureSkew > TimeSpan.FromDays(1))
        {
            failures.Add($"Regimen:MaxFutureSkew must be between 00:00:00 and 1.00:00:00 (was {options.MaxFutureSkew}); it is how far an event's time may lie ahead of this service's clock.");
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var failures = new List<string>();
        // upper bounds too: a duration near TimeSpan.MaxValue passed, then overflowed the jobs' date arithmetic, so the
        // dispatch, escalation and retention jobs failed at every run (Quartz stored the triggers in ERROR) while
        // readiness said Healthy (found by an independent edge probe)
        Positive("Alerts:DispatchInterval", options.DispatchInterval, failures, OneDay);
        Positive("Alerts:DispatchInitialBackoff", options.DispatchInitialBackoff, failures, OneDay);
        Positive("Alerts:EscalateAfter", options.EscalateAfter, failures, TenYears);
        Positive("Alerts:EscalationInterval", options.EscalationInterval, failures, OneDay);
        Positive("Alerts:OutboxRetention", options.OutboxRetention, failures, TenYears);
        Positive("Alerts:ProcessedEventRetention", options.ProcessedEventRetention, failures, TenYears);
        Positive("Alerts:OutboxStuckThreshold", options.OutboxStuckThreshold, failures, OneDay);
        Positive("Alerts:PublishStallThreshold", options.PublishStallThreshold, failures, OneDay);
        if (options.DispatchMaxBackoff > OneDay)
        {
            failures.Add($"Alerts:DispatchMaxBackoff must be at most {OneDay} (was {options.DispatchMaxBackoff}).");
        }

        if (options.ReviewInterval > OneDay)
        {
            failures.Add($"Alerts:ReviewInterval must be at most {OneDay}: the nightly sweep re-evaluates every regimen anyway (was {options.ReviewInterval}).");
        }

        if (options.DispatchMaxBackoff < options.DispatchInitialBackoff)
        {
            failures.Add($"Alerts:DispatchMaxBackoff ({options.DispatchMaxBackoff}) must not be shorter than Alerts:DispatchInitialBackoff ({options.DispatchInitialBackoff}).");
        }

        if (options.DispatchBatchSize is < 1 or > 10_000)
        {
            failures.Add($"Alerts:DispatchBatchSize must be between 1 and 10000 (was {options.DispatchBatchSize}).");
        }

        if (options.SweepBatchSize is < 1 or > 100_000)
        {
            failures.Add($"Alerts:SweepBatchSize must be between 1 and 100000 (was {options.SweepBatchSize}).");
        }

        if (options.ReviewInterval < TimeSpan.Zero)
        {
            failures.Add($"Alerts:ReviewInterval must be a duration such as 00:05:00, or 00:00:00 to review due regimens only at the nightly sweep (was {options.ReviewInterval}).");
        }

        Cron("Alerts:SweepCron", options.SweepCron, failures);
        Cron("Alerts:RetentionCron", options.RetentionCron, failures);
        return Result(failures);
    }

    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);

    private static readonly TimeSpan TenYears = TimeSpan.FromDays(3650);

    private static void Positive(string key, TimeSpan value, List<string> failures, TimeSpan max)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key} must be a positive duration such as 00:00:05 (was {value}).");
        }
        else if (value > max)
        {
            failures.Add($"{key} must be at most {max} (was {value}).");
        }
    }

    private static void Cron(string key, string? expression, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(expression) || !Quartz.CronExpression.TryParse(expression, out _))
        {
            failures.Add($"{key} is not a valid Quartz cron expression (seconds first, e.g. '0 30 2 * * ?' for 02:30 every day); was '{expression}'.");
            return;
        }

        // a valid expression that never fires (30 February, a year gone by) made the scheduler refuse its trigger at
        // start, and the run ended without naming the setting (found by an independent edge probe)
        var cron = new Quartz.CronExpression(expression);
        if (cron.GetNextValidTimeAfter(DateTimeOffset.UtcNow) is null)
        {
            failures.Add($"{key} never fires from now on (a day no month has, or a year gone by); was '{expression}'.");
        }
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
