using Microsoft.Extensions.Options;

namespace RegimenMonitor.Worker.Terminology;

/// <summary>Validates <see cref="TerminologyOptions"/> at start-up, every failure at once, each with how to fix it.</summary>
internal sealed class TerminologyOptionsValidator : IValidateOptions<TerminologyOptions>
{
    public ValidateOptionsResult Validate(string? name, TerminologyOptions options)
    {
        var failures = new List<string>();
        if (options.RefreshInterval < TimeSpan.FromSeconds(1) || options.RefreshInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"Terminology:RefreshInterval must be between 00:00:01 and 1.00:00:00 (was {options.RefreshInterval}); e.g. Terminology__RefreshInterval=00:01:00.");
        }

        if (options.Path is { } path && !string.IsNullOrWhiteSpace(path))
        {
            if (Directory.Exists(path))
            {
                failures.Add($"Terminology:Path '{path}' is a directory; give the JSON file written by 'regimen-monitor terminology import … --out FILE', or unset Terminology__Path.");
            }
            else if (!File.Exists(path))
            {
                failures.Add($"Terminology:Path '{path}' does not exist; write it with 'regimen-monitor terminology import --out {path} …' or unset Terminology__Path.");
            }
            else if (Infrastructure.Runtime.FileFacts.IsRegularFile(new FileInfo(path)) == false)
            {
                // read whole at start: /dev/zero was read to 2 GB (exit 1, "Array dimensions exceeded supported range"),
                // a named pipe without a writer waited for ever (found by an independent edge probe)
                failures.Add($"Terminology:Path '{path}' {Infrastructure.Runtime.FileFacts.NotRegularFile}; give the JSON file written by 'regimen-monitor terminology import … --out FILE', or unset Terminology__Path.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
