using Microsoft.Extensions.Options;

namespace RegimenMonitor.Worker.Infrastructure.Configuration;

/// <summary>Validates <see cref="RuntimeOptions"/> at start-up, each failure with how to fix it.</summary>
internal sealed class RuntimeOptionsValidator : IValidateOptions<RuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, RuntimeOptions options)
    {
        var interval = options.NativeMemoryTrimInterval;
        return interval == TimeSpan.Zero || (interval >= TimeSpan.FromSeconds(1) && interval <= TimeSpan.FromHours(1))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Runtime:NativeMemoryTrimInterval must be 00:00:00 (off) or between 00:00:01 and 01:00:00 (was {interval}).");
    }
}
