namespace RegimenMonitor.Worker.Infrastructure.Runtime;

/// <summary>Words of the commands a fix offers, written so a POSIX shell reads each as one word, as given.</summary>
internal static class ShellWords
{
    /// <summary>
    /// <paramref name="word"/> as it is when it holds only letters, digits and <c>_ . , : / @ % + = -</c> (or nothing: a
    /// name not known), otherwise in single quotes (found by an independent edge probe: <c>Database=edge11 db</c> got
    /// <c>createdb -O regimen_test edge11 db</c>, which names the database "edge11").
    /// </summary>
    public static string Quote(string? word) =>
        string.IsNullOrEmpty(word) ? string.Empty
        : word.All(c => char.IsAsciiLetterOrDigit(c) || "_.,:/@%+=-".Contains(c, StringComparison.Ordinal)) ? word
        : $"'{word.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    /// <summary>
    /// <paramref name="word"/> quoted as by <see cref="Quote"/>, written as an operand a command cannot read as an
    /// option: after <c>--</c> when it starts with <c>-</c> (<c>createdb -O regimen_test -- -archive</c>; quoting alone
    /// left <c>-archive</c> an option; found by a review). <c>createdb</c> and <c>rabbitmqctl</c> both end their options
    /// at <c>--</c>, and read every word after it as an operand: use it for the first operand only.
    /// </summary>
    public static string Operand(string? word) =>
        word is not null && word.StartsWith('-') ? $"-- {Quote(word)}" : Quote(word);

    /// <summary>
    /// The option <paramref name="shortName"/> with <paramref name="value"/> (<c>-p value</c>), or <paramref name="longName"/>=value as one
    /// word (<c>--vhost=-team</c>) when the value starts with <c>-</c>, which a command would otherwise read as another option.
    /// </summary>
    public static string Option(string shortName, string longName, string? value) =>
        value is not null && value.StartsWith('-') ? Quote($"{longName}={value}") : $"{shortName} {Quote(value)}";
}
