using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Observability;
using RegimenMonitor.Worker.Terminology;

namespace RegimenMonitor.Worker.Hosting;

/// <summary>
/// Checks, before anything binds them, that every typed setting of our sections parses (an enum name, a duration, a
/// number, true/false). The binder would stop at the first bad value with an exception naming a .NET type; this
/// reports them all, each with its key, its value and the forms it accepts.
/// </summary>
internal static partial class ConfigurationCheck
{
    /// <summary>The connection strings the program reads (<c>ConnectionStrings:&lt;name&gt;</c>).</summary>
    private static readonly string[] ConnectionStringNames = ["Database", "RabbitMq"];

    /// <summary>The sections bound to options, with their types.</summary>
    internal static readonly IReadOnlyList<(string Section, Type Type)> Sections =
    [
        (DatabaseOptions.SectionName, typeof(DatabaseOptions)),
        (MessagingOptions.SectionName, typeof(MessagingOptions)),
        (RegimenOptions.SectionName, typeof(RegimenOptions)),
        (AlertOptions.SectionName, typeof(AlertOptions)),
        (HealthOptions.SectionName, typeof(HealthOptions)),
        (TerminologyOptions.SectionName, typeof(TerminologyOptions)),
        (RuntimeOptions.SectionName, typeof(RuntimeOptions)),
    ];

    /// <summary>
    /// Throws, as the configuration library does for a settings file it cannot load, when a JSON settings file is a
    /// directory (the library would take it for a missing optional file and run on the defaults) or holds bytes that
    /// are not UTF-8: the library decodes them as U+FFFD and loads the file, so a value typed in another
    /// encoding (a Latin-1 "é" inside a string) would be read as other text than the one written, without a word. The
    /// same exception, so the verbs name the file, line and byte as for any file that does not load (Cli/ConfigurationFileProblem).
    /// </summary>
    public static void ThrowIfUnreadableFile(IConfiguration configuration)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return;
        }

        foreach (var source in root.Providers.OfType<Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider>().Select(p => p.Source))
        {
            if (source.Path is not null && source.FileProvider?.GetFileInfo(source.Path) is { Exists: false, PhysicalPath: { } folder } && Directory.Exists(folder))
            {
                // an optional file that is a directory: the library takes it for missing and runs on the defaults
                throw new InvalidDataException($"Failed to load configuration from file '{folder}'.");
            }

            if (source.Path is null || source.FileProvider?.GetFileInfo(source.Path) is not { Exists: true, PhysicalPath: { } path })
            {
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the library read it a moment ago; one it can no longer read is no encoding problem
                continue;
            }

            if (!System.Text.Unicode.Utf8.IsValid(bytes))
            {
                throw new InvalidDataException($"Failed to load configuration from file '{path}'.");
            }
        }
    }

    /// <summary>
    /// Throws an <see cref="OptionsValidationException"/> listing every value that does not parse and every key in one
    /// of our sections that is not a setting (a typo in an environment variable or appsettings.json would otherwise be
    /// ignored without a word, and the default used).
    /// </summary>
    /// <remarks>
    /// When it throws, the list also holds what the start-up validation would say about the other settings (a
    /// negative prefetch, a duration out of range): the values that do not parse are left at their defaults for that,
    /// so one run names every problem, not the first kind only.
    /// </remarks>
    public static void ThrowIfUnparsable(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        // the environment's duplicates only where the environment is read (demo reads no settings)
        var readsEnvironment = configuration is IConfigurationRoot root
            && root.Providers.Any(p => p is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider);
        var failures = Failures(configuration).Concat(UnknownKeys(configuration))
            .Concat(OtlpExportOptionsValidator.ExporterFailures(OtlpExportOptions.From(configuration)))
            .Concat(readsEnvironment ? CaseDuplicates(Environment.GetEnvironmentVariables()) : [])
            .Concat(readsEnvironment ? SectionVariables(Environment.GetEnvironmentVariables()) : []).ToList();
        if (failures.Count > 0)
        {
            try
            {
                // a provider that does not parse leaves the connection string unjudged: the default standing in for
                // it would judge it by another database (found by a newcomer probe: "… but Database:Provider is Sqlite"
                // for a provider given as 'Postgres')
                var providerParses = !Unparsable(configuration).Any(u => u.Key == $"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)}");
                failures.AddRange(Validation(WithoutUnparsable(configuration), environment, providerParses).Except(failures));
            }
            catch (InvalidOperationException)
            {
                // a value the binder still refuses: the failures above are what this run can name
            }

            throw new OptionsValidationException("configuration", typeof(IConfiguration), WithSources(configuration, failures));
        }
    }

    // the configuration with every value that does not parse replaced by its setting's default
    private static IConfiguration WithoutUnparsable(IConfiguration configuration)
    {
        var defaults = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, property, _, _) in Unparsable(configuration))
        {
            defaults[key] = property.GetValue(Activator.CreateInstance(property.DeclaringType!)) switch
            {
                TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
                IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
                var other => other?.ToString(),
            };
        }

        return new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(defaults).Build();
    }

    // what the options' validators say, bound as OptionsRegistration binds them
    private static IEnumerable<string> Validation(IConfiguration configuration, IHostEnvironment environment, bool providerParses)
    {
        var main = new RegimenMonitorOptionsValidator(environment);
        var database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        database.ConnectionString ??= configuration.GetConnectionString("Database");
        var messaging = configuration.GetSection(MessagingOptions.SectionName).Get<MessagingOptions>() ?? new MessagingOptions();
        messaging.RabbitMqConnectionString ??= configuration.GetConnectionString("RabbitMq");
        ValidateOptionsResult[] results =
        [
            RegimenMonitorOptionsValidator.ValidateDatabase(database, checkConnectionString: providerParses),
            main.Validate(null, messaging),
            main.Validate(null, configuration.GetSection(RegimenOptions.SectionName).Get<RegimenOptions>() ?? new RegimenOptions()),
            main.Validate(null, configuration.GetSection(AlertOptions.SectionName).Get<AlertOptions>() ?? new AlertOptions()),
            new HealthOptionsValidator().Validate(null, configuration.GetSection(HealthOptions.SectionName).Get<HealthOptions>() ?? new HealthOptions()),
            new TerminologyOptionsValidator().Validate(null, configuration.GetSection(TerminologyOptions.SectionName).Get<TerminologyOptions>() ?? new TerminologyOptions()),
            new RuntimeOptionsValidator().Validate(null, configuration.GetSection(RuntimeOptions.SectionName).Get<RuntimeOptions>() ?? new RuntimeOptions()),
            new OtlpExportOptionsValidator().Validate(null, OtlpExportOptions.From(configuration)),
        ];
        return results.Where(r => r.Failed).SelectMany(r => r.Failures ?? []);
    }

    // a whole number the setting's type cannot hold: name the bound it crossed (a negative one its minimum)
    private static string OutOfRange(Type target, string value) =>
        value.TrimStart().StartsWith('-')
            ? $"out of range for this setting (at least {(target == typeof(int) ? int.MinValue : long.MinValue).ToString(CultureInfo.InvariantCulture)})"
            : $"out of range for this setting (at most {(target == typeof(int) ? int.MaxValue : long.MaxValue).ToString(CultureInfo.InvariantCulture)})";

    /// <summary>The console log formatters the host registers (Microsoft.Extensions.Logging.Console).</summary>
    internal static readonly string[] ConsoleFormatters =
        [Microsoft.Extensions.Logging.Console.ConsoleFormatterNames.Simple, Microsoft.Extensions.Logging.Console.ConsoleFormatterNames.Json, Microsoft.Extensions.Logging.Console.ConsoleFormatterNames.Systemd];

    public static IReadOnlyList<string> Failures(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var failures = new List<string>();
        foreach (var (key, _, target, value) in Unparsable(configuration))
        {
            var reason = (target == typeof(int) || target == typeof(long)) && WholeNumberForm().IsMatch(value)
                ? OutOfRange(target, value)
                : target == typeof(TimeSpan) && DurationOverflows(value)
                    ? $"a duration too long for any setting (at most {TimeSpan.MaxValue.ToString("c", CultureInfo.InvariantCulture)})"
                    : target == typeof(TimeSpan) && HoursAsWritten(value) is { } meant
                        ? $"not {Forms(target)}: hours go up to 23 ({meant.Hours} hours is {meant.Text}){(meant.Misread is null ? string.Empty : $"; .NET would read it as {meant.Misread}")}"
                        : $"not {Forms(target)}";
            failures.Add($"{key} ({Source(configuration, key)}) is '{value}', which is {reason}{NearestName(target, value)}");
        }

        // the log levels (Logging:LogLevel:<category>, Logging:<provider>:LogLevel:<category>): the logging filter would
        // stop the host with "Configuration value '…' is not supported." and no key. Every source's value is checked, not
        // only the one in effect: the tool verbs set their own default level on the command line, which would hide a
        // level in appsettings.json that `run` then refuses.
        foreach (var (key, value) in configuration.GetSection("Logging").AsEnumerable())
        {
            // the console provider writes plain text for a formatter it does not know, without a word (found by a
            // newcomer probe: FormatterName=jsn)
            if (key.Equals("Logging:Console:FormatterName", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(value)
                && !ConsoleFormatters.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"{key} ({Source(configuration, key)}) is '{value}', which is not one of {string.Join(", ", ConsoleFormatters)}");
                continue;
            }

            var parts = key.Split(':');
            var level = (parts.Length == 3 && parts[1].Equals("LogLevel", StringComparison.OrdinalIgnoreCase))
                        || (parts.Length == 4 && parts[2].Equals("LogLevel", StringComparison.OrdinalIgnoreCase));
            if (!level)
            {
                continue;
            }

            IEnumerable<(string? Value, string Source)> values = configuration is IConfigurationRoot root
                ? root.Providers.Select(p => (p.TryGet(key, out var v) ? v : null, Describe(p, key) ?? Variable(p, key) ?? $"as an environment variable: {key.Replace(":", "__", StringComparison.Ordinal)}"))
                : [(value, Source(configuration, key))];
            foreach (var (set, source) in values.Where(v => !string.IsNullOrEmpty(v.Value) && !IsEnumName(v.Value, typeof(LogLevel))).DistinctBy(v => v.Source))
            {
                failures.Add($"{key} ({source}) is '{set}', which is not {Forms(typeof(LogLevel))}{NearestName(typeof(LogLevel), set!)}");
            }
        }

        return failures;
    }

    /// <summary>
    /// The validators' failures, each that begins with one of our settings and says what it must be
    /// (<c>Regimen:DefaultDaysSupply must be …</c>), with where its value came from, as a value that does not parse is named (<c>Regimen:DefaultDaysSupply (on
    /// the command line: --Regimen:DefaultDaysSupply=…) must be …</c>; found by a newcomer probe: a range error did not
    /// say where the value was set). A setting left at its default, and any other failure, is kept as it is.
    /// </summary>
    public static IReadOnlyList<string> WithSources(IConfiguration configuration, IEnumerable<string> failures)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(failures);
        return failures.Select(failure =>
        {
            // only "<key> must …", which does not quote the value as set ("Health:Urls entry '…'" does)
            var space = failure.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || !failure[space..].StartsWith(" must ", StringComparison.Ordinal))
            {
                return failure;
            }

            var key = failure[..space];
            var set = Sections.Any(s => key.StartsWith(s.Section + ":", StringComparison.Ordinal)
                                        && SettableProperties(s.Type).Any(p => key == s.Section + ":" + p.Name))
                      && configuration is IConfigurationRoot root
                      && root.Providers.Any(p => p.TryGet(key, out var value) && value is not null);
            return set ? $"{key} ({Source(configuration, key)}){failure[space..]}" : failure;
        }).ToList();
    }

    /// <summary>
    /// Where the value of <paramref name="key"/> came from, as the person who set it wrote it: the last configuration
    /// source that has it (a command-line token, an environment variable by the name it was set under, appsettings.json);
    /// otherwise the key's environment-variable spelling, the usual way to set it.
    /// </summary>
    internal static string Source(IConfiguration configuration, string key)
    {
        var variable = key.Replace(":", "__", StringComparison.Ordinal);
        if (configuration is IConfigurationRoot root)
        {
            foreach (var provider in root.Providers.Reverse())
            {
                if (!provider.TryGet(key, out _))
                {
                    continue;
                }

                if ((Describe(provider, key) ?? Variable(provider, key)) is { } described)
                {
                    return described;
                }

                break;
            }
        }

        return $"as an environment variable: {variable}";
    }

    // a command-line token or a settings file, as the person who set it wrote it; null for other providers
    private static string? Describe(IConfigurationProvider provider, string key) => provider switch
    {
        Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationProvider => $"on the command line: --{key}=…",
        // the full path: the file read is the one beside the executable, which is not always the one a newcomer edited
        // (src/…/appsettings.json rather than its copy in the build output)
        Microsoft.Extensions.Configuration.FileConfigurationProvider { Source.Path: { } path } file => $"in {file.Source.FileProvider?.GetFileInfo(path).PhysicalPath ?? path}",
        _ => null,
    };

    /// <summary>
    /// For the environment's provider, the variable that gave <paramref name="key"/>, by the name it was set under
    /// (found by an independent edge probe: <c>Regimen:DefaultDaysSupply</c> and <c>REGIMEN__DEFAULTDAYSSUPPLY</c> were
    /// named <c>Regimen__DefaultDaysSupply</c>, a variable no one had set; the provider keeps only the key it made of
    /// the name); null for another provider, or when no variable of the process names the key.
    /// </summary>
    private static string? Variable(IConfigurationProvider provider, string key)
    {
        if (provider is not Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider)
        {
            return null;
        }

        // the provider says its prefix only in its description ("… Prefix: 'DOTNET_'")
        var prefix = ProviderPrefix().Match(provider.ToString() ?? string.Empty) is { Success: true } match ? match.Groups[1].Value : string.Empty;
        var name = Environment.GetEnvironmentVariables().Keys.OfType<string>()
            .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                        && n[prefix.Length..].Replace("__", ":", StringComparison.Ordinal).Equals(key, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).FirstOrDefault();
        return name is null ? null : $"as an environment variable: {name}";
    }

    [System.Text.RegularExpressions.GeneratedRegex("Prefix: '(.*)'$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ProviderPrefix();

    // every setting of our sections whose value is set but does not parse as its type
    private static IEnumerable<(string Key, PropertyInfo Property, Type Target, string Value)> Unparsable(IConfiguration configuration)
    {
        foreach (var (section, type) in Sections)
        {
            foreach (var property in SettableProperties(type))
            {
                var key = section + ":" + property.Name;
                var target = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (configuration[key] is { } value && !Parses(value, target))
                {
                    yield return (key, property, target, value);
                }
                else if (configuration[key] is null && property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null
                         && SetToNull(configuration, key))
                {
                    // a JSON null ("DefaultDaysSupply": null) binds as 0 or 00:00:00, which the validators then report as if
                    // the file said so (found by an edge probe: "must be between 1 and 400 days (was 0)")
                    yield return (key, property, target, "null");
                }
            }
        }
    }

    // true when the source in effect for the key gives it with no value (a JSON null)
    private static bool SetToNull(IConfiguration configuration, string key) =>
        configuration is IConfigurationRoot root
        && root.Providers.Reverse().FirstOrDefault(p => p.TryGet(key, out _)) is { } provider
        && provider.TryGet(key, out var value) && value is null;

    /// <summary>
    /// The keys directly under our sections (<c>Database</c>, <c>Messaging</c>, …) that name no setting, and the keys
    /// under <c>Logging</c> that the host's logging does not read (<see cref="LoggingKeys"/>), each with the closest
    /// setting when it looks like a typo. Under <c>ConnectionStrings</c> only a near miss of one of ours
    /// (<c>Databse</c>) is refused: other names may be another program's in a shared environment. The standard
    /// variables are not ours to judge here (the command line's tokens are checked by key, connection strings included).
    /// </summary>
    public static IReadOnlyList<string> UnknownKeys(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var everyKey = Sections.SelectMany(s => SettableProperties(s.Type).Select(p => s.Section + ":" + p.Name)).ToList();
        var failures = new List<string>();
        foreach (var (section, type) in Sections)
        {
            // "Alerts": "oops" in appsettings.json: the binder would ignore it and use every default (an environment
            // variable named like a section, DATABASE=…, may be another program's and is left alone)
            if (!string.IsNullOrEmpty(configuration[section]) && !FromEnvironment(configuration, section))
            {
                failures.Add($"{section} ({Source(configuration, section)}) is a value, but it is a section of settings; "
                    + $"write it as an object of settings (\"{section}\": {{ … }}; docs/configuration.md lists them), or remove it.");
            }

            foreach (var child in configuration.GetSection(section).GetChildren())
            {
                var setting = SettableProperties(type).FirstOrDefault(p => p.Name.Equals(child.Key, StringComparison.OrdinalIgnoreCase));
                if (setting is not null)
                {
                    // a setting is one value: Alerts__DispatchInterval__x, or "DispatchInterval": { … } or [ … ], is
                    // ignored by the binder (the default is used)
                    foreach (var key in child.AsEnumerable().Where(e => e.Value is not null && e.Key.Length > child.Path.Length).Select(e => e.Key).Order(StringComparer.Ordinal))
                    {
                        failures.Add($"{key} ({Source(configuration, key)}) is not a setting of this program; "
                            + $"{section}:{setting.Name} is a single value, not a section: set {section}:{setting.Name} itself.");
                    }

                    continue;
                }

                // an unknown key, or every key under an unknown section (Alerts__Foo__Bar)
                var keys = child.Value is not null ? [child.Path] : child.AsEnumerable().Where(e => e.Value is not null).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
                foreach (var key in keys.DefaultIfEmpty(child.Path))
                {
                    // Regimen____DefaultDaysSupply: the setting itself once its empty part is left out
                    var suggestion = WithoutEmptyParts(key, everyKey) ?? Suggestions.Closest(section + ":" + child.Key, everyKey);
                    failures.Add($"{key} ({Source(configuration, key)}) is not a setting of this program; "
                        + (suggestion is null ? "docs/configuration.md lists them." : $"did you mean {suggestion}?"));
                }
            }
        }

        foreach (var child in configuration.GetSection("ConnectionStrings").GetChildren())
        {
            if (!ConnectionStringNames.Any(n => n.Equals(child.Key, StringComparison.OrdinalIgnoreCase))
                && Suggestions.Closest(child.Key, ConnectionStringNames) is { } name)
            {
                var key = "ConnectionStrings:" + child.Key;
                failures.Add($"{key} ({Source(configuration, key)}) is not a connection string of this program; did you mean ConnectionStrings:{name}?");
            }
        }

        foreach (var (key, value) in configuration.GetSection("Logging").AsEnumerable())
        {
            if (value is null || LoggingKeys.IsKnown(key))
            {
                continue; // a section, not a value; or a key the logging reads
            }

            var suggestion = LoggingKeys.Suggestion(key);
            failures.Add($"{key} ({Source(configuration, key)}) is not a setting of this program; "
                + (suggestion is null ? LoggingKeys.Shapes + "." : $"did you mean {suggestion}?"));
        }

        // a name whose first part is empty, __Regimen__DefaultDaysSupply: it is read under no section, so it would be
        // ignored without a word (found by an independent edge probe). Refused when the rest names one of our sections,
        // ConnectionStrings or Logging; any other such name (__CF_USER_TEXT_ENCODING) may be another program's.
        var ours = Sections.Select(s => s.Section).Append("ConnectionStrings").Append("Logging").ToList();
        foreach (var (key, _) in configuration.AsEnumerable().Where(e => e.Key.StartsWith(':') && e.Value is not null).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var parts = key.Split(':').Where(p => p.Length > 0).ToList();
            if (parts.Count == 0 || !ours.Contains(parts[0], StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var written = string.Join(':', parts);
            var suggestion = parts[0].Equals("Logging", StringComparison.OrdinalIgnoreCase)
                ? LoggingKeys.IsKnown(written) ? written : LoggingKeys.Suggestion(written)
                : parts[0].Equals("ConnectionStrings", StringComparison.OrdinalIgnoreCase)
                    ? parts.Count == 2 ? Suggestions.Closest(parts[1], ConnectionStringNames) is { } name ? "ConnectionStrings:" + name : null : null
                    : WithoutEmptyParts(key, everyKey) ?? Suggestions.Closest(written, everyKey);
            failures.Add($"{key} ({Source(configuration, key)}) is not a setting of this program: its name starts with an empty part, so it is read under no section; "
                + (suggestion is null ? "docs/configuration.md lists the settings." : $"did you mean {suggestion}?"));
        }

        return failures;
    }

    // the setting a key names once its empty parts are left out (Regimen::DefaultDaysSupply), as docs/configuration.md spells it; or null
    private static string? WithoutEmptyParts(string key, IEnumerable<string> settings)
    {
        var written = string.Join(':', key.Split(':').Where(p => p.Length > 0));
        return written.Length == key.Length ? null : settings.FirstOrDefault(s => s.Equals(written, StringComparison.OrdinalIgnoreCase));
    }

    // the value of key comes from an environment variable (the last source that has it)
    /// <summary>
    /// Environment variables of our sections that name one setting in different letter case with different values
    /// (<c>Regimen__DefaultDaysSupply=20</c> and <c>Regimen__defaultdayssupply=21</c>): the configuration reads keys
    /// without regard to case, so one of them would be ignored without a word, as a key given twice on the command
    /// line is refused.
    /// </summary>
    internal static IEnumerable<string> CaseDuplicates(System.Collections.IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var prefixes = Sections.Select(s => s.Section + ":").Append("ConnectionStrings:").ToList();
        var named = new List<(string Name, string Key, string? Value)>();
        foreach (System.Collections.DictionaryEntry entry in environment)
        {
            var name = (string)entry.Key;
            var key = name.Replace("__", ":", StringComparison.Ordinal);
            if (prefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                named.Add((name, key, entry.Value as string));
            }
        }

        // named as docs/configuration.md spells the setting when it is one (an unknown key is named by UnknownKeys as well)
        var settings = Sections.SelectMany(s => SettableProperties(s.Type).Select(p => s.Section + ":" + p.Name)).ToList();
        return named.GroupBy(n => n.Key, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Select(n => n.Value).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(g => (Setting: settings.FirstOrDefault(s => s.Equals(g.Key, StringComparison.OrdinalIgnoreCase)) ?? g.Select(n => n.Key).Min(StringComparer.Ordinal)!, Names: g.Select(n => n.Name).Order(StringComparer.Ordinal)))
            .OrderBy(d => d.Setting, StringComparer.Ordinal)
            .Select(d => $"{string.Join(" and ", d.Names)} (environment variables) set {d.Setting} to different values; "
                + "keys are read without regard to letter case, so one would be ignored: keep one.");
    }

    /// <summary>
    /// Environment variables named exactly as one of our sections is written (<c>Alerts=oops</c>, <c>Database=x</c>) with
    /// a value: the binder ignores a section's value and uses every default, as for <c>"Alerts": "oops"</c> in
    /// appsettings.json, which <see cref="UnknownKeys"/> refuses. Another spelling (<c>DATABASE</c>, <c>alerts</c>) is left
    /// alone: it may be another program's in a shared environment.
    /// </summary>
    internal static IEnumerable<string> SectionVariables(System.Collections.IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var named = environment.Cast<System.Collections.DictionaryEntry>()
            .Where(e => e.Value is string { Length: > 0 }).Select(e => e.Key as string).ToHashSet(StringComparer.Ordinal);
        foreach (var (section, type) in Sections.Where(s => named.Contains(s.Section)))
        {
            yield return $"{section} (an environment variable) is a value, but it is a section of settings; set its settings one by one "
                + $"({section}__{SettableProperties(type).First().Name}=…; docs/configuration.md lists them), or unset {section}.";
        }
    }

    // a duration in the right form but beyond TimeSpan's range (99999999.00:00:00): its parse overflows (as it does
    // for "00:60:00", which is no duration in the right form)
    private static bool DurationOverflows(string value)
    {
        if (!InDocumentedForm(value))
        {
            return false;
        }

        try
        {
            _ = TimeSpan.Parse(value, CultureInfo.InvariantCulture);
            return false;
        }
        catch (OverflowException)
        {
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool FromEnvironment(IConfiguration configuration, string key) =>
        configuration is IConfigurationRoot root
        && root.Providers.Reverse().FirstOrDefault(p => p.TryGet(key, out _)) is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider;

    internal static IEnumerable<PropertyInfo> SettableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });

    private static bool Parses(string value, Type target)
    {
        if (target.IsEnum)
        {
            return IsEnumName(value, target);
        }

        return target switch
        {
            _ when target == typeof(TimeSpan) => IsDuration(value),
            _ when target == typeof(int) => WholeNumberForm().IsMatch(value) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            _ when target == typeof(long) => WholeNumberForm().IsMatch(value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            _ when target == typeof(bool) => bool.TryParse(value, out _),
            _ => true,
        };
    }

    /// <summary>
    /// A name of the enum, in any letter case, as the binder reads it. Not a number: the binder and the logging filter
    /// take "7" or "-1" too (a log level of 7 is beyond None and turns every log off), and no number is documented.
    /// </summary>
    private static bool IsEnumName(string value, Type target) =>
        Enum.GetNames(target).Contains(value.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A duration as the settings document it: <c>[-][d.]hh:mm:ss[.fffffff]</c>, hours 0–23, minutes and seconds
    /// 0–59. .NET's own parse reads more, and silently otherwise than written: "36:00:00" as 36 days (an hour count
    /// above 23 makes the first part days), "5" as 5 days, "00:05" as 5 minutes, "1:00:00:00" as one day.
    /// </summary>
    internal static bool IsDuration(string value) => InDocumentedForm(value) && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out _);

    private static bool InDocumentedForm(string value) =>
        DurationParts(value) is { Hours: < 24, Minutes: < 60, Seconds: < 60 };

    // "36:00:00": hours written past 23; what was probably meant, and what .NET would have read instead
    private static (int Hours, string Text, string? Misread)? HoursAsWritten(string value)
    {
        if (DurationParts(value) is not { HasDays: false, Hours: >= 24, Minutes: < 60, Seconds: < 60 } parts)
        {
            return null;
        }

        var meant = new TimeSpan(parts.Hours, parts.Minutes, parts.Seconds);
        var misread = TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var read) ? read.ToString("c", CultureInfo.InvariantCulture) : null;
        return (parts.Hours, (parts.Negative ? "-" : string.Empty) + meant.ToString("c", CultureInfo.InvariantCulture), misread);
    }

    // the parts of a value of the form [-][d.]h[h]:mm:ss[.f…], each as written (not yet checked against its range)
    private static (bool Negative, bool HasDays, int Hours, int Minutes, int Seconds)? DurationParts(string value) =>
        DurationForm().Match(value.Trim()) is { Success: true, Groups: var groups }
            ? (groups["sign"].Success, groups["d"].Success, Number(groups["h"]), Number(groups["m"]), Number(groups["s"]))
            : null;

    private static int Number(System.Text.RegularExpressions.Group group) => int.Parse(group.ValueSpan, CultureInfo.InvariantCulture);

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<sign>-)?((?<d>[0-9]+)\.)?(?<h>[0-9]{1,2}):(?<m>[0-9]{2}):(?<s>[0-9]{2})(\.[0-9]{1,7})?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex DurationForm();

    /// <summary>
    /// A whole number as the settings document it: digits, spaces around them as the binder ignores them, and a '-' only
    /// so that the setting's validator can say its range (every number here is a count). Not '+30' (found by an
    /// independent edge probe: accepted as 30), as the event contract refuses it too.
    /// </summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^[ \t\n\v\f\r]*-?[0-9]+[ \t\n\v\f\r]*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex WholeNumberForm();

    // the end of a message about a value that does not parse: "; did you mean PostgreSql?" for a name close to one of an
    // enum's (found by a newcomer probe: 'Postgres' got only the list), otherwise "."
    private static string NearestName(Type target, string value) =>
        target.IsEnum && Suggestions.Closest(value, Enum.GetNames(target)) is { } name ? $"; did you mean {name}?" : ".";

    private static string Forms(Type target) => target switch
    {
        _ when target.IsEnum => "one of: " + string.Join(", ", Enum.GetNames(target)),
        _ when target == typeof(TimeSpan) => "a duration [d.]hh:mm:ss, e.g. 00:00:05 (5 seconds) or 30.00:00:00 (30 days)",
        _ when target == typeof(int) || target == typeof(long) => "a whole number in digits (e.g. 30; no '+' sign)",
        _ when target == typeof(bool) => "true or false",
        _ => "valid",
    };
}
