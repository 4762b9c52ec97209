using System.Collections.ObjectModel;

namespace RegimenMonitor.Rules.Loading;

/// <summary>Validates a rule's evidence entries against the reference list and resolves their <c>"for"</c> scopes.</summary>
internal sealed class EvidenceCompiler(IReadOnlyDictionary<int, string> references, MemberResolver resolver)
{
    public ReadOnlyCollection<EvidenceReference> Compile(IReadOnlyList<EvidenceEntry> entries, string label)
    {
        var result = new List<EvidenceReference>();
        // a reference backs the rule as a whole at one grade: the grade of its strongest part (a "for" entry may cite it
        // again for some members)
        var whole = new Dictionary<int, string>();
        foreach (var entry in entries)
        {
            if (entry.Grade is not ("E1" or "E2" or "E3" or "E4"))
            {
                throw new KnowledgeBaseException($"{label}: unknown evidence grade '{entry.Grade}'");
            }

            foreach (var number in entry.For is null ? entry.References : [])
            {
                if (!whole.TryAdd(number, entry.Grade))
                {
                    throw new KnowledgeBaseException(
                        $"{label}: reference {number} is cited twice for the rule as a whole ({whole[number]} and {entry.Grade}); cite it once, at the grade of its strongest part");
                }
            }

            foreach (var number in entry.References)
            {
                result.Add(references.TryGetValue(number, out var citation)
                    ? new EvidenceReference(entry.Grade, citation)
                    : throw new KnowledgeBaseException($"{label}: unknown reference {number}"));
            }
        }

        return result.Count == 0 ? throw new KnowledgeBaseException($"{label}: no references") : result.AsReadOnly();
    }

    /// <summary>
    /// Per evidence reference (in the order <see cref="Compile"/> lists them): the members its entry is restricted to
    /// (<c>"for"</c>: ingredients or classes, as in a rule's sides), or null when it applies to every finding of the rule.
    /// A finding cites a restricted reference only when one of its ingredients is a member.
    /// </summary>
    public bool[]?[] Scopes(IReadOnlyList<EvidenceEntry> entries, string label)
    {
        var result = new List<bool[]?>();
        foreach (var entry in entries)
        {
            var scope = entry.For is null ? null : resolver.Resolve(entry.For, label, "evidence.for", inGut: true);
            for (var i = 0; i < entry.References.Count; i++)
            {
                result.Add(scope);
            }
        }

        if (result.Count > 0 && result.TrueForAll(s => s is not null))
        {
            throw new KnowledgeBaseException($"{label}: every evidence entry has 'for'; at least one must apply to the rule as a whole");
        }

        return [.. result];
    }
}
