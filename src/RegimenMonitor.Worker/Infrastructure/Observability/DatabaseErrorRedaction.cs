using System.Data.Common;
using System.Text.RegularExpressions;

namespace RegimenMonitor.Worker.Infrastructure.Observability;

/// <summary>
/// Takes row values out of database error texts before they reach a log. SQL Server quotes them in its messages: a
/// unique violation (2601, 2627: "The duplicate key value is (PT-20417)." — two replicas creating the same new patient
/// at once is such a race, retried), a truncation (2628: "Truncated value: '…'"), a failed conversion ("converting the
/// nvarchar value '…'"). PostgreSQL puts them in an error's DETAIL ("Key (patient_ref)=(…) already exists", "Failing
/// row contains (…)"), which Npgsql leaves out unless the connection string sets Include Error Detail (refused by the
/// configuration check for the same reason). The messages keep the error's number, constraint, table and column.
/// </summary>
internal static partial class DatabaseErrorRedaction
{
    internal const string NotLogged = "(not logged: it may hold patient data)";

    /// <summary><paramref name="text"/> with every quoted row value replaced by <see cref="NotLogged"/>.</summary>
    internal static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return text;
        }

        var redacted = DuplicateKey().Replace(text, "${lead}" + NotLogged + ".");
        redacted = Truncated().Replace(redacted, "${lead}" + NotLogged + ".");
        redacted = Converting().Replace(redacted, "${lead}" + NotLogged + "${tail}");
        redacted = PostgresDetail().Replace(redacted, "${lead}" + NotLogged);
        redacted = PostgresInputSyntax().Replace(redacted, "${lead}" + NotLogged);
        return redacted;
    }

    /// <summary>
    /// <paramref name="exception"/> itself when nothing in it is redacted (or it holds no database exception), else a
    /// stand-in whose message and text are the redacted ones, with the original's stack.
    /// </summary>
    internal static Exception? Exception(Exception? exception)
    {
        if (exception is null || !NetworkErrors.Chain(exception).Any(e => e is DbException))
        {
            return exception;
        }

        var text = exception.ToString();
        var redacted = Redact(text);
        return ReferenceEquals(redacted, text) || redacted == text ? exception : new RedactedDatabaseException(exception, redacted);
    }

    // SQL Server 2601/2627: "... The duplicate key value is (a, b)."; to the end of the line, as a value may hold ")."
    [GeneratedRegex(@"(?<lead>The duplicate key value is )\(.*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DuplicateKey();

    // SQL Server 2628: "String or binary data would be truncated in table 't', column 'c'. Truncated value: '...'."
    [GeneratedRegex(@"(?<lead>Truncated value: ).*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Truncated();

    // SQL Server 245 and the like: "Conversion failed when converting the nvarchar value '...' to data type int."
    [GeneratedRegex(@"(?<lead>converting (?:the |from )?\w+(?:\(\w+\))? value )'.*'(?<tail> to )", RegexOptions.CultureInvariant)]
    private static partial Regex Converting();

    // PostgreSQL's detail as Npgsql adds it to the message ("DETAIL: ") and to the exception's data ("  Detail: "),
    // unless Npgsql has already redacted it
    [GeneratedRegex(@"(?<lead>(?:DETAIL|^[ \t]*Detail): )(?!Detail redacted as it may contain sensitive data).*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex PostgresDetail();

    // 22P02: 'invalid input syntax for type uuid: "..."'
    [GeneratedRegex(@"(?<lead>invalid input (?:syntax|value) for (?:type )?[\w ]+: ).*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex PostgresInputSyntax();

    /// <summary>A database exception as a log may show it: the redacted text, the original's stack and type in it.</summary>
    private sealed class RedactedDatabaseException(Exception original, string redactedText)
        : Exception(Redact(original.Message))
    {
        private readonly string _text = redactedText;

        public override string? StackTrace => original.StackTrace;

        public override string ToString() => _text;
    }
}
