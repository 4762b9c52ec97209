namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>
/// One product code of the imported terminology: an RxNorm RxCUI or an NDC (11 digits, or the 9-digit product part)
/// with the product text the normaliser reads for it.
/// </summary>
internal sealed class TerminologyCode
{
    public const string RxNorm = "rxnorm";

    public const string Ndc = "ndc";

    /// <summary><see cref="RxNorm"/> or <see cref="Ndc"/>.</summary>
    public required string CodeSystem { get; set; }

    public required string Code { get; set; }

    public required string ProductText { get; set; }
}
