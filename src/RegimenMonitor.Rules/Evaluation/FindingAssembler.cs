using RegimenMonitor.Rules.Model;

namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// Turns the hits that are not suppressed into <see cref="Finding"/>s, ordered by severity (highest first), rule id
/// and fingerprint. Only runs for hits that fire, so a quiet evaluation allocates nothing here.
/// </summary>
internal static class FindingAssembler
{
    public static Finding[] Assemble(in FindingSource source)
    {
        var state = source.State;
        var count = 0;
        for (var h = 0; h < state.HitCount; h++)
        {
            if (!state.Hits[h].Suppressed)
            {
                count++;
            }
        }

        if (count == 0)
        {
            return [];
        }

        var findings = new Finding[count];
        var f = 0;
        for (var h = 0; h < state.HitCount; h++)
        {
            if (!state.Hits[h].Suppressed)
            {
                findings[f++] = Build(source, state.Hits[h], h);
            }
        }

        if (findings.Length > 1)
        {
            Array.Sort(findings, static (x, y) =>
            {
                var bySeverity = y.Severity.CompareTo(x.Severity);
                if (bySeverity != 0)
                {
                    return bySeverity;
                }

                var byRule = string.CompareOrdinal(x.RuleId, y.RuleId);
                return byRule != 0 ? byRule : string.CompareOrdinal(x.Fingerprint, y.Fingerprint);
            });
        }

        return findings;
    }

    private static Finding Build(in FindingSource source, in Hit hit, int index)
    {
        var rule = hit.Rule;
        var count = hit.MemberCount;
        for (var m = 0; m < hit.MemberCount; m++)
        {
            count += source.State.Member(hit, m).AlsoCount;
        }

        var involves = new FindingInvolvement[count];
        var next = 0;
        for (var m = 0; m < hit.MemberCount; m++)
        {
            var p = source.State.Member(hit, m);
            var name = source.Kb.IngredientNames[p.Ing];
            var item = source.Items[p.Item];
            involves[next++] = new FindingInvolvement(name, item.Kind, item.ProductText, item.ItemId, item.SourceEventId);
            for (var a = 0; a < p.AlsoCount; a++)
            {
                var other = source.Items[source.State.Also[p.AlsoStart + a]];
                involves[next++] = new FindingInvolvement(name, other.Kind, other.ProductText, other.ItemId, other.SourceEventId);
            }
        }

        return new Finding
        {
            RuleId = rule.Id,
            Concern = rule.Concern,
            Severity = hit.Severity,
            Title = rule.Title,
            Detail = FindingText.Detail(source, hit, index),
            Recommendation = FindingText.Recommendation(source, hit),
            Involves = involves,
            Nutrient = rule.Nutrient,
            Evidence = EvidenceWithFolded(source.State, hit, index),
            Since = new DateTimeOffset(hit.Since, TimeSpan.Zero),
            WashoutUntil = hit.Washout is { } washout ? new DateTimeOffset(washout.Until, TimeSpan.Zero) : null,
            Fingerprint = FindingFingerprint.Of(source.Kb, source.State, hit),
            Supersedes = Supersedes(source, index),
            EndedAdvice = EndedAdviceOf(source, hit, index),
        };
    }

    /// <summary>
    /// The pair rules' advice for the end of each of the finding's members they are about, in member order: the
    /// finding's own rule's, then that of the pairs it folds in (the load finding SER-17 resolves when St John's wort
    /// stops as SER-09 would have), each sentence once per ingredient.
    /// </summary>
    private static FindingEndedAdvice[] EndedAdviceOf(in FindingSource source, in Hit hit, int index)
    {
        List<FindingEndedAdvice>? found = null;
        Add(source, hit, ref found);
        var state = source.State;
        for (var g = 0; g < state.HitCount; g++)
        {
            ref var other = ref state.Hits[g];
            if (other.SupersededBy == index && other.Suppression != Suppression.DuplicateProductPair)
            {
                Add(source, other, ref found);
            }
        }

        return found is null ? [] : [.. found];

        static void Add(in FindingSource source, in Hit hit, ref List<FindingEndedAdvice>? found)
        {
            if (hit.Rule is not PairRule { EndedAdvice.Length: > 0 } pair)
            {
                return;
            }

            for (var m = 0; m < hit.MemberCount; m++)
            {
                var ing = source.State.Member(hit, m).Ing;
                foreach (var advice in pair.EndedAdvice)
                {
                    var sentence = new FindingEndedAdvice(source.Kb.IngredientNames[ing], advice.Text);
                    if (advice.Ended[ing] && found?.Contains(sentence) != true)
                    {
                        (found ??= []).Add(sentence);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The finding's evidence and that of the findings it folds in (a load finding keeps the label references of its
    /// pairs), each reference once, strongest grade first (stable within a grade).
    /// </summary>
    private static IReadOnlyList<EvidenceReference> EvidenceWithFolded(EvaluationState state, in Hit hit, int index)
    {
        var own = EvidenceFor(state, hit);
        List<EvidenceReference>? merged = null;
        for (var g = 0; g < state.HitCount; g++)
        {
            ref var other = ref state.Hits[g];
            if (other.SupersededBy != index || other.Suppression == Suppression.DuplicateProductPair)
            {
                continue;
            }

            foreach (var reference in EvidenceFor(state, other))
            {
                merged ??= [.. own];
                if (!merged.Contains(reference))
                {
                    merged.Add(reference);
                }
            }
        }

        if (merged is null || merged.Count == own.Count)
        {
            return OncePerCitation(own);
        }

        return OncePerCitation([.. merged.OrderBy(static e => e.Grade, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// Each citation once, at the strongest grade it is given (a reference can back a rule as a whole at one grade and
    /// one of its ingredients at another, or a folded pair at another), strongest grade first; the list itself when no
    /// citation repeats.
    /// </summary>
    private static IReadOnlyList<EvidenceReference> OncePerCitation(IReadOnlyList<EvidenceReference> evidence)
    {
        var repeats = false;
        for (var i = 1; i < evidence.Count && !repeats; i++)
        {
            for (var j = 0; j < i && !repeats; j++)
            {
                repeats = string.Equals(evidence[i].Citation, evidence[j].Citation, StringComparison.Ordinal);
            }
        }

        if (!repeats)
        {
            return evidence;
        }

        var once = new List<EvidenceReference>(evidence.Count);
        foreach (var reference in evidence)
        {
            var seen = once.FindIndex(r => string.Equals(r.Citation, reference.Citation, StringComparison.Ordinal));
            if (seen < 0)
            {
                once.Add(reference);
            }
            else if (string.CompareOrdinal(reference.Grade, once[seen].Grade) < 0)
            {
                once[seen] = reference;
            }
        }

        return [.. once.OrderBy(static e => e.Grade, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The rule's evidence that applies to this finding: references for the rule as a whole, plus those specific to
    /// one of the finding's ingredients (the knowledge base's <c>"for"</c>); not every citation of the rule.
    /// </summary>
    private static IReadOnlyList<EvidenceReference> EvidenceFor(EvaluationState state, in Hit hit)
    {
        var rule = hit.Rule;
        var scopes = rule.EvidenceFor;
        if (scopes.Length != rule.Evidence.Count || Array.TrueForAll(scopes, x => x is null))
        {
            return rule.Evidence;
        }

        var selected = new List<EvidenceReference>(rule.Evidence.Count);
        for (var e = 0; e < scopes.Length; e++)
        {
            var scope = scopes[e];
            var applies = scope is null;
            for (var m = 0; !applies && m < hit.MemberCount; m++)
            {
                applies = scope![state.Member(hit, m).Ing];
            }

            if (applies)
            {
                selected.Add(rule.Evidence[e]);
            }
        }

        return selected;
    }

    /// <summary>Fingerprints of the findings this one folds in (pairs inside a load finding, a suppressed set rule).</summary>
    private static string[] Supersedes(in FindingSource source, int index)
    {
        var state = source.State;
        List<string>? folded = null;
        for (var g = 0; g < state.HitCount; g++)
        {
            ref var other = ref state.Hits[g];
            if (other.SupersededBy == index && other.Suppression != Suppression.DuplicateProductPair)
            {
                (folded ??= []).Add(FindingFingerprint.Of(source.Kb, state, other));
            }
        }

        return folded is null ? [] : [.. folded];
    }
}
