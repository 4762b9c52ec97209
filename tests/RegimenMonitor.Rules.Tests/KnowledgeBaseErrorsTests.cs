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

    [Fact]
    public void A_reference_cited_twice_for_the_whole_rule_is_refused_and_once_per_member_scope_is_not()
    {
        // found by a clinical probe: findings listed "E1 [71] …" and "E2 [71] …", the same citation at two grades
        var rules = JsonNode.Parse(RulesJson)!.AsObject();
        var rule = rules["rules"]!.AsArray().Single(r => (string)r!["id"]! == "ABS-01")!.AsObject();
        rule["evidence"] = JsonNode.Parse("""[{"grade": "E1", "refs": [71]}, {"grade": "E2", "refs": [71]}]""");

        var exception = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBase.Load(IngredientsJson, rules.ToJsonString()));

        Assert.Equal(["rule 'ABS-01': reference 71 is cited twice for the rule as a whole (E1 and E2); cite it once, at the grade of its strongest part"], exception.Errors);
        rule["evidence"] = JsonNode.Parse("""[{"grade": "E1", "refs": [71]}, {"grade": "E2", "refs": [71], "for": ["ciprofloxacin"]}]""");
        Assert.NotNull(KnowledgeBase.Load(IngredientsJson, rules.ToJsonString()));
    }
}
