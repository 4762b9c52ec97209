namespace RegimenMonitor.Worker.Infrastructure.Database.Dialects;

/// <summary>
/// A database's error explained for a person by its dialect (<see cref="DatabaseDialect.ExplainFailure"/>): one line of
/// cause, one line of fix; or <see cref="NoSchema"/>, the tables are missing (the caller says to migrate).
/// </summary>
internal sealed record DatabaseFailure(string Cause, string Fix)
{
    public static readonly DatabaseFailure NoSchema = new(string.Empty, string.Empty) { SchemaMissing = true };

    public bool SchemaMissing { get; private init; }
}
