using System.Text.Json;
using static RegimenMonitor.Rules.Tests.Regimen;

namespace RegimenMonitor.Rules.Tests;

/// <summary>
/// The class checklist (Knowledge/classes.json): every listed agent is decided — a catalogue ingredient or a
/// notInCatalogue entry with a reason — every catalogue ingredient claiming a checked class tag is listed, and every
/// listed combination product splits into ingredients including an agent of its class.
/// </summary>
public sealed class ClassCoverageTests
{
    private static readonly JsonElement Classes = JsonDocument.Parse(
        KnowledgeBaseLoader.ReadResource(typeof(KnowledgeBase).Assembly, "RegimenMonitor.Rules.Knowledge.classes.json")).RootElement;

    private static JsonElement[] All() => [.. Classes.GetProperty("classes").EnumerateArray()];

    private static IEnumerable<string> Strings(JsonElement item, string property) =>
        item.TryGetProperty(property, out var list) ? list.EnumerateArray().Select(e => e.GetString()!) : [];

    public static TheoryData<string, string> Agents() =>
        [.. All().SelectMany(c => Strings(c, "agents").Select(a => (c.GetProperty("id").GetString()!, a)))];

    public static TheoryData<string, string> Products() =>
        [.. All().SelectMany(c => Strings(c, "products").Select(p => (c.GetProperty("id").GetString()!, p)))];

    [Fact]
    public void ChecklistHasTheKnowledgeBaseVersion() => Assert.Equal(Kb.Version, Classes.GetProperty("version").GetString());

    [Theory]
    [MemberData(nameof(Agents))]
    public void EveryListedAgentIsCataloguedOrExcludedWithAReason(string classId, string agent)
    {
        var catalogued = Kb.IngredientIds.ContainsKey(agent);
        var excluded = Kb.NotInCatalogue.TryGetValue(agent, out var reason) && !string.IsNullOrWhiteSpace(reason);

        Assert.True(catalogued || excluded, $"class {classId}: '{agent}' is neither in the catalogue nor in notInCatalogue with a reason");
        Assert.False(catalogued && Kb.NotInCatalogue.ContainsKey(agent), $"'{agent}' is both catalogued and excluded");
    }

    [Fact]
    public void EveryCatalogueIngredientClaimingACheckedClassIsListed()
    {
        var listed = All().SelectMany(c => Strings(c, "agents")).ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var tag in All().Where(c => c.TryGetProperty("tag", out _)).Select(c => c.GetProperty("tag").GetString()!))
        {
            Assert.True(KnownTags.TryGetBit(tag, out var bit), $"unknown tag '{tag}' in classes.json");
            for (var id = 0; id < Kb.IngredientCount; id++)
            {
                if ((Kb.IngredientTags[id] & bit) != 0 && !listed.Contains(Kb.IngredientNames[id]))
                {
                    missing.Add($"{Kb.IngredientNames[id]} ({tag})");
                }
            }
        }

        Assert.True(missing.Count == 0, "tagged but not in any class: " + string.Join(", ", missing.Distinct()));
    }

    [Fact]
    public void EveryExclusionCarriesAReason() =>
        Assert.All(Kb.NotInCatalogue, entry => Assert.False(string.IsNullOrWhiteSpace(entry.Value), $"notInCatalogue '{entry.Key}' has no reason"));

    [Theory]
    [MemberData(nameof(Products))]
    public void EveryListedCombinationProductSplitsIntoItsClass(string classId, string product)
    {
        var agents = All().Single(c => c.GetProperty("id").GetString() == classId);
        var result = Normaliser.Normalise(product);

        Assert.True(result.Ingredients.Count >= 2, $"'{product}' maps to {string.Join(",", result.Ingredients)}");
        Assert.Contains(result.Ingredients, i => Strings(agents, "agents").Contains(i));
        Assert.All(result.Matches, m => Assert.Equal(MatchRoute.Combination, m.Route));
    }

    [Fact]
    public void AnExclusionWithoutAReasonFailsTheLoad()
    {
        var ingredients = KnowledgeBaseLoader.ReadResource(typeof(KnowledgeBase).Assembly, KnowledgeBaseLoader.IngredientsResource)
            .Replace("\"notInCatalogue\": [", "\"notInCatalogue\": [{\"name\": \"zz-unlisted\"},", StringComparison.Ordinal);
        var rules = KnowledgeBaseLoader.ReadResource(typeof(KnowledgeBase).Assembly, KnowledgeBaseLoader.RulesResource);

        var error = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBase.Load(ingredients, rules));
        Assert.Contains("notInCatalogue 'zz-unlisted': missing 'reason'", error.Message, StringComparison.Ordinal);
    }
}
