using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace RegimenMonitor.Worker.Configuration;

/// <summary>Validates every option at start-up and reports all failures at once, each with how to fix it.</summary>
internal sealed class RegimenMonitorOptionsValidator(IHostEnvironment environment) :
    IValidateOptions<DatabaseOptions>, IValidateOptions<MessagingOptions>, IValidateOptions<RegimenOptions>, IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        if (options.Provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Database:Provider is PostgreSql but ConnectionStrings:Database is empty; set ConnectionStrings__Database to e.g. 'Host=db;Username=regimen;Password=...;Database=regimen'.");
        }
        else if (ConnectionStringProblem(options) is { } problem)
        {
            failures.Add(problem);
        }

        if (options.Provider == DatabaseProvider.SqlServer)
        {
            failures.AddRange(SqlServerConnectionFailures(options.ConnectionString));
        }

        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add($"Database:Provider must be Sqlite, PostgreSql or SqlServer (was {(int)options.Provider}).");
        }

        return Result(failures);
    }

    /// <summary>What is wrong with a SQL Server connection string, naming the key and never echoing a value.</summary>
    internal static IEnumerable<string> SqlServerConnectionFailures(string? connectionString)
    {
        const string Example = "'Server=db,1433;Database=regimen;User Id=regimen;Password=...;TrustServerCertificate=true'";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            yield return $"Database:Provider is SqlServer but ConnectionStrings:Database is empty; set ConnectionStrings__Database to e.g. {Example}.";
            yield break;
        }

        Microsoft.Data.SqlClient.SqlConnectionStringBuilder? builder = null;
        string? error = null;
        try
        {
            builder = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            // the exception text may quote the string (and its password): only its type is reported
            error = $"ConnectionStrings:Database is not a valid SQL Server connection string ({e.GetType().Name}); expected e.g. {Example}.";
        }

        if (error is not null)
        {
            yield return error;
        }
        else if (string.IsNullOrWhiteSpace(builder!.DataSource))
        {
            yield return $"ConnectionStrings:Database has no Server (Data Source) for SQL Server; expected e.g. {Example}.";
        }
        else if (string.IsNullOrWhiteSpace(builder.InitialCatalog))
        {
            yield return $"ConnectionStrings:Database has no Database (Initial Catalog) for SQL Server: the worker does not write to the login's default database; expected e.g. {Example}.";
        }
    }

    /// <summary>A connection string of the other provider, or one the provider cannot read (never echoes the string: it may hold a password).</summary>
    internal static string? ConnectionStringProblem(DatabaseOptions options)
    {
        var connectionString = options.EffectiveConnectionString;
        var keys = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2)[0].Trim().ToUpperInvariant()).ToHashSet();
        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            if ((keys.Contains("DATA SOURCE") || keys.Contains("FILENAME")) && !keys.Contains("HOST") && !keys.Contains("SERVER"))
            {
                return "ConnectionStrings:Database is a SQLite connection string (Data Source=...) but Database:Provider is PostgreSql; set Database__Provider=Sqlite, or give a PostgreSQL connection string such as 'Host=db;Username=regimen;Password=...;Database=regimen'.";
            }

            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException ex)
            {
                return $"ConnectionStrings:Database is not a valid PostgreSQL connection string ({FirstLine(ex.Message)}); use the form 'Host=db;Port=5432;Username=regimen;Password=...;Database=regimen'.";
            }
        }
        else if (options.Provider == DatabaseProvider.Sqlite)
        {
            if (keys.Contains("HOST") || keys.Contains("SERVER") || keys.Contains("USERNAME") || keys.Contains("USER ID"))
            {
                return "ConnectionStrings:Database is a server connection string (Host=...) but Database:Provider is Sqlite; set Database__Provider=PostgreSql, or give a SQLite connection string such as 'Data Source=data/regimen-monitor.db'.";
            }

            try
            {
                _ = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException ex)
            {
                return $"ConnectionStrings:Database is not a valid SQLite connection string ({FirstLine(ex.Message)}); use the form 'Data Source=data/regimen-monitor.db'.";
            }
        }

        return null;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var failures = new List<string>();
        if (options.EffectiveTransport == MessagingTransport.RabbitMq)
        {
            if (!Uri.TryCreate(options.RabbitMqConnectionString, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
            {
                failures.Add("Messaging:Transport is RabbitMq but ConnectionStrings:RabbitMq is not an amqp:// or amqps:// URI; set ConnectionStrings__RabbitMq to e.g. 'amqp://regimen:<password>@rabbitmq:5672/'.");
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

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, RegimenOptions options)
    {
        var failures = new List<string>();
        if (options.DefaultDaysSupply is < 1 or > 400)
        {
            failures.Add($"Regimen:DefaultDaysSupply must be between 1 and 400 days (was {options.DefaultDaysSupply}).");
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
        Positive("Alerts:DispatchInterval", options.DispatchInterval, failures);
        Positive("Alerts:DispatchInitialBackoff", options.DispatchInitialBackoff, failures);
        Positive("Alerts:EscalateAfter", options.EscalateAfter, failures);
        Positive("Alerts:EscalationInterval", options.EscalationInterval, failures);
        Positive("Alerts:OutboxRetention", options.OutboxRetention, failures);
        Positive("Alerts:ProcessedEventRetention", options.ProcessedEventRetention, failures);
        Positive("Alerts:OutboxStuckThreshold", options.OutboxStuckThreshold, failures);
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

        Cron("Alerts:SweepCron", options.SweepCron, failures);
        Cron("Alerts:RetentionCron", options.RetentionCron, failures);
        return Result(failures);
    }

    private static void Positive(string key, TimeSpan value, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key} must be a positive duration such as 00:00:05 (was {value}).");
        }
    }

    private static void Cron(string key, string? expression, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(expression) || !Quartz.CronExpression.TryParse(expression, out _))
        {
            failures.Add($"{key} is not a valid Quartz cron expression (seconds first, e.g. '0 30 2 * * ?' for 02:30 every day); was '{expression}'.");
        }
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
