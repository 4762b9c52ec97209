namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// Resolves a rule's member list (ingredient names and class tags) to a membership array by ingredient id. An
/// ingredient listed in ingredients.json <c>notByMouth</c> (<paramref name="byMouthOnly"/>) may only be named where
/// the rule acts in the gut (<c>inGut</c>: absorption rules, a depletion rule's <c>unless</c>, an evidence entry's
/// scope); anywhere else, a cream or an injection of it would silently fall out of the rule. The same holds for the
/// classes a load rule counts (<see cref="RuleTagMask"/>) and for <see cref="KnownTags.Serotonergic"/>, which the
/// recent-start modifier reads.
/// </summary>
internal sealed class MemberResolver(IReadOnlyDictionary<string, int> ids, ulong[] tags, IReadOnlyDictionary<int, int>? byMouthOnly = null)
{
    public bool[] Resolve(IReadOnlyList<string> members, string label, string field, bool inGut = false)
    {
        var result = Members(members, label, field);
        if (!inGut && byMouthOnly is not null)
        {
            foreach (var id in byMouthOnly.Keys)
            {
                if (result[id])
                {
                    var name = NameOf(id);
                    throw new KnowledgeBaseException($"{label}: '{field}' includes '{name}', which ingredients.json notByMouth lists as acting only in the gut; only absorption rules and a depletion rule's 'unless' or 'supplementedBy' may name it");
                }
            }
        }

        return result;
    }

    /// <summary>The canonical name of ingredient <paramref name="id"/>, for error messages.</summary>
    public string NameOf(int id) => ids.First(pair => pair.Value == id).Key;

    private bool[] Members(IReadOnlyList<string> members, string label, string field)
    {
        if (members.Count == 0)
        {
            throw new KnowledgeBaseException($"{label}: '{field}' is empty");
        }

        var result = new bool[tags.Length];
        foreach (var member in members)
        {
            if (KnownTags.TryGetBit(member, out var bit))
            {
                for (var i = 0; i < tags.Length; i++)
                {
                    result[i] |= (tags[i] & bit) != 0;
                }
            }
            else if (ids.TryGetValue(member, out var id))
            {
                result[id] = true;
            }
            else
            {
                throw new KnowledgeBaseException($"{label}: unknown ingredient or class '{member}'");
            }
        }

        return result;
    }

    /// <summary>
    /// A load rule's <c>sameAgent</c> groups as the agent each ingredient counts as (its own id, or its group's first
    /// member's). A group names two or more ingredients by name, each counted by the rule (<paramref name="countMask"/>),
    /// and no ingredient is in two groups.
    /// </summary>
    public int[] SameAgent(IReadOnlyList<IReadOnlyList<string>> groups, ulong countMask, string label)
    {
        var agentOf = new int[tags.Length];
        var grouped = new bool[tags.Length];
        for (var i = 0; i < agentOf.Length; i++)
        {
            agentOf[i] = i;
        }

        foreach (var group in groups)
        {
            if (group.Count < 2)
            {
                throw new KnowledgeBaseException($"{label}: a 'sameAgent' group must name two or more ingredients");
            }

            var first = -1;
            foreach (var member in group)
            {
                if (!ids.TryGetValue(member, out var id))
                {
                    throw new KnowledgeBaseException($"{label}: 'sameAgent' names '{member}', which is not a catalogue ingredient (classes are not allowed)");
                }

                if ((tags[id] & countMask) == 0)
                {
                    throw new KnowledgeBaseException($"{label}: 'sameAgent' names '{member}', which the rule does not count");
                }

                if (grouped[id])
                {
                    throw new KnowledgeBaseException($"{label}: 'sameAgent' names '{member}' twice");
                }

                grouped[id] = true;
                first = first < 0 ? id : first;
                agentOf[id] = first;
            }
        }

        return agentOf;
    }

    /// <summary>A rule's class mask (a load rule's <c>count</c> and <c>list</c>), refusing a class of a gut-only ingredient.</summary>
    public ulong RuleTagMask(IReadOnlyList<string> members, string label, string field)
    {
        var mask = TagMask(members, label);
        NotGutOnly(mask, label, field);
        return mask;
    }

    /// <summary>Throws when a gut-only ingredient carries a class of <paramref name="mask"/>.</summary>
    public void NotGutOnly(ulong mask, string label, string field)
    {
        if (byMouthOnly is null)
        {
            return;
        }

        foreach (var id in byMouthOnly.Keys)
        {
            if ((tags[id] & mask) != 0)
            {
                var name = ids.First(pair => pair.Value == id).Key;
                throw new KnowledgeBaseException($"{label}: '{field}' includes a class of '{name}', which ingredients.json notByMouth lists as acting only in the gut");
            }
        }
    }

    public static ulong TagMask(IReadOnlyList<string> members, string label)
    {
        ulong mask = 0;
        foreach (var member in members)
        {
            mask |= KnownTags.TryGetBit(member, out var bit)
                ? bit
                : throw new KnowledgeBaseException($"{label}: unknown class '{member}'");
        }

        return mask;
    }
}
