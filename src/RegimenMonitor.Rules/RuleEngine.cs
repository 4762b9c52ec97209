namespace RegimenMonitor.Rules;

/// <summary>Evaluates a whole regimen at an instant. Pure: time is the <c>asOf</c> argument.</summary>
public sealed class RuleEngine
{
    /// <summary>Creates an engine over a loaded knowledge base.</summary>
    public RuleEngine(KnowledgeBase knowledgeBase) => ArgumentNullException.ThrowIfNull(knowledgeBase);

    /// <summary>Evaluates the regimen as of the given instant.</summary>
    public EvaluationResult Evaluate(IReadOnlyList<RegimenItem> items, DateTimeOffset asOf) =>
        throw new NotImplementedException("rule engine: issue #3");
}
