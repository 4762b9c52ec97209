using Microsoft.Extensions.Options;

namespace RegimenMonitor.Worker.Infrastructure.Configuration;

/// <summary>Turns start-up validation failures (one or several option types) into one readable list.</summary>
internal static class ConfigurationErrors
{
    public static IReadOnlyList<string>? Failures(Exception exception) => exception switch
    {
        OptionsValidationException o => o.Failures.ToList(),
        AggregateException a when a.Flatten().InnerExceptions.All(e => e is OptionsValidationException) =>
            a.Flatten().InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToList(),
        _ => null,
    };

    public static string Describe(IReadOnlyList<string> failures) =>
        "Configuration is invalid:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", failures);
}
