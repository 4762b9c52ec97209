using System.Text.Json.Nodes;

namespace RegimenMonitor.Rules.Tests;

/// <summary>A knowledge base with several bad entries fails once, listing every error in file order.</summary>
public sealed class KnowledgeBaseErrorsTests
{
    private static readonly string IngredientsJson = KnowledgeBaseLoader.ReadResource(typeof(KnowledgeBase).Assembly, KnowledgeBaseLoader.IngredientsResource);
    private static readonly string RulesJson = KnowledgeBaseLoader.ReadResource(typeof(KnowledgeBase).Assembly, KnowledgeBaseLoader.RulesResource);

    [Fact]
    public void EveryBrokenEntryIsReportedAtOnce()
    {
        var ingredients = JsonNode.Parse(IngredientsJson)!.AsObject();
        var rules = JsonNode.Parse(RulesJson)!.AsObject();
        JsonObject Rule(string id) => rules["rules"]!.AsArray().Single(r => (string)r!["id"]! == id)!.AsObject();
        ingredients["ingredients"]!.AsArray().Single(i => (string)i!["name"]! == "sertraline")!["tags"]!.AsArray().Add("SRI-X");
        Rule("SER-01")["severity"] = "severe";
        Rule("SER-02").Remove("title");
        Rule("DEP-01")["trigger"] = new JsonArray("PPIX");

        var exception = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBase.Load(ingredients.ToJsonString(), rules.ToJsonString()));

        // Parse errors (a missing field) come first, then validation in file order: catalogue before rules.
        Assert.Equal("rule 'SER-02': missing 'title'", exception.Errors[0]);
        Assert.Equal("ingredient 'sertraline': unknown tag 'SRI-X'", exception.Errors[1]);
        Assert.Contains("rule 'SER-01': unknown severity 'severe'", exception.Errors);
        Assert.Contains("rule 'DEP-01': unknown ingredient or class 'PPIX'", exception.Errors);
        Assert.Equal(string.Join('\n', exception.Errors), exception.Message);
    }

    [Fact]
    public void OneBrokenEntryGivesOneError()
    {
        var rules = JsonNode.Parse(RulesJson)!.AsObject();
        rules["rules"]!.AsArray().Single(r => (string)r!["id"]! == "SER-07")!["b"] = new JsonArray("SRI-S", "foo");

        var exception = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBase.Load(IngredientsJson, rules.ToJsonString()));

        Assert.Equal(["rule 'SER-07': unknown ingredient or class 'foo'"], exception.Errors);
    }
}
