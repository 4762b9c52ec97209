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
}
