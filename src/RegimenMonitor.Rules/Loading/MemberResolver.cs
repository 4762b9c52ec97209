namespace RegimenMonitor.Rules.Loading;

/// <summary>Resolves a rule's member list (ingredient names and class tags) to a membership array by ingredient id.</summary>
internal sealed class MemberResolver(IReadOnlyDictionary<string, int> ids, ulong[] tags)
{
    public bool[] Resolve(IReadOnlyList<string> members, string label, string field)
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
