namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// One line of an NDJSON file as <see cref="NdjsonEvents.ReadLinesAsync(string, CancellationToken)"/> read it: its text, or — for a line that
/// could not be read (not valid UTF-8, longer than the limit) — the reader's reason. The reason travels beside the text, never inside it,
/// so no line can forge one, and it never holds the line's own bytes.
/// </summary>
/// <param name="Text">The decoded line, without its line end; null when the line could not be read.</param>
/// <param name="Unreadable">Why the line could not be read; null when it was.</param>
internal readonly record struct NdjsonLine(string? Text, string? Unreadable)
{
    public static NdjsonLine Read(string text) => new(text, null);

    public static NdjsonLine Refused(string reason) => new(null, reason);

    /// <summary>A readable line of whitespace only: skipped by every verb.</summary>
    public bool IsBlank => Unreadable is null && string.IsNullOrWhiteSpace(Text);
}
