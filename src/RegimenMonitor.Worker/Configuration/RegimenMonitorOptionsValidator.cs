using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace RegimenMonitor.Worker.Configuration;

/// <summary>Validates every option at start-up and reports all failures at once, each with how to fix it.</summary>
internal sealed class RegimenMonitorOptionsValidator(IHostEnvironment environment) :
    IValidateOptions<DatabaseOptions>, IValidateOptions<MessagingOptions>, IValidateOptions<RegimenOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        if (options.Provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Database:Provider is PostgreSql but ConnectionStrings:Database is empty; set ConnectionStrings__Database to e.g. 'Host=db;Username=regimen;Password=...;Database=regimen'.");
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

        if (string.IsNullOrWhiteSpace(options.QueuePrefix))
        {
            failures.Add("Messaging:QueuePrefix must not be empty.");
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, RegimenOptions options) =>
        options.DefaultDaysSupply is < 1 or > 400
            ? ValidateOptionsResult.Fail($"Regimen:DefaultDaysSupply must be between 1 and 400 days (was {options.DefaultDaysSupply}).")
            : ValidateOptionsResult.Success;

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
