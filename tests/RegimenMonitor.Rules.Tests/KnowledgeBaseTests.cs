using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static RegimenMonitor.Rules.Tests.Regimen;

namespace RegimenMonitor.Rules.Tests;

/// <summary>The embedded knowledge base loads and is complete; each kind of broken file fails naming the entry.</summary>
public sealed class KnowledgeBaseTests
{
    private static readonly string IngredientsJson = KnowledgeBaseLoader.ReadResource(typeof(KnowledgeBase).Assembly, KnowledgeBaseLoader.IngredientsResource);
    private static readonly string RulesJson = KnowledgeBaseLoader.ReadResource(typeof(KnowledgeBase).Assembly, KnowledgeBaseLoader.RulesResource);

    [Fact]
    public void EmbeddedKnowledgeBaseLoadsWithVersion()
    {
        Assert.Equal("2027.1.57", Kb.Version);
        Assert.True(Kb.IngredientCount > 150);
        Assert.Equal(Kb.Version, KnowledgeBase.Load(IngredientsJson, RulesJson).Version);
    }

    /// <summary>
    /// A reference's text is published as the citation of every finding, alert and DetectedIssue that cites it: the
    /// source, what it says and how it was read. The development history (which version cited it since, which probe
    /// found what, what was read wrongly until then) belongs in <c>referenceNotes</c>, which is never published.
    /// </summary>
    [Fact]
    public void PublishedCitationsCarryNoDevelopmentHistory()
    {
        // "probe" as a word: probenecid is a drug
        string[] markers = [@"\bprobe(?!necid)", "found by", "until then", "cited since", @"since 2026\.", @"since 2027\.", @"until 2026\.", @"until 2027\.", "until this change", "newcomer", "golden", "validation case"];
        var references = JsonNode.Parse(RulesJson)!["references"]!.AsObject();

        var offending = references
            .SelectMany(r => markers
                .Where(m => Regex.IsMatch((string)r.Value!, m, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
                .Select(m => $"[{r.Key}] '{m}'"))
            .ToList();

        Assert.Empty(offending);
        Assert.True(references.Count > 400);
    }

    [Fact]
    public void EveryReferenceNoteNamesAnExistingReference()
    {
        var rules = JsonNode.Parse(RulesJson)!.AsObject();
        var references = rules["references"]!.AsObject();
        var notes = rules["referenceNotes"]!.AsObject();

        Assert.NotEmpty(notes);
        Assert.All(notes, n => Assert.True(references.ContainsKey(n.Key), $"note '{n.Key}' names no reference"));
        Assert.All(notes, n => Assert.False(string.IsNullOrWhiteSpace((string?)n.Value), $"note '{n.Key}' is empty"));
    }

    [Fact]
    public void EveryRuleOfTheReferenceIsPresent()
    {
        string[] expected =
        [
            .. Enumerable.Range(1, 78).Select(i => $"SER-{i:00}"),
            .. Enumerable.Range(1, 22).Select(i => $"DEP-{i:00}"),
            .. Enumerable.Range(1, 40).Select(i => $"ABS-{i:00}"),
            .. Enumerable.Range(50, 44).Select(i => $"ABS-{i:00}"),
            .. Enumerable.Range(96, 38).Select(i => $"ABS-{i:00}"),
            .. Enumerable.Range(1, 5).Select(i => $"KRA-{i:00}"),
            .. Enumerable.Range(1, 24).Select(i => $"WASH-{i:00}"),
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), Kb.RuleIds.Order(StringComparer.Ordinal));
    }

    [Theory]
    // Canonical names required by the issue.
    [InlineData("meperidine")]
    [InlineData("acetaminophen")]
    [InlineData("st john's wort")]
    [InlineData("5-htp")]
    [InlineData("tryptophan")]
    [InlineData("s-adenosylmethionine")]
    [InlineData("garcinia cambogia")]
    [InlineData("rhodiola")]
    [InlineData("syrian rue")]
    [InlineData("kratom")]
    [InlineData("magnesium")]
    [InlineData("calcium")]
    [InlineData("iron")]
    [InlineData("zinc")]
    [InlineData("vitamin d")]
    [InlineData("vitamin b12")]
    // Section 1 agents.
    [InlineData("phenelzine")]
    [InlineData("tranylcypromine")]
    [InlineData("isocarboxazid")]
    [InlineData("moclobemide")]
    [InlineData("selegiline transdermal")]
    [InlineData("selegiline")]
    [InlineData("rasagiline")]
    [InlineData("safinamide")]
    [InlineData("linezolid")]
    [InlineData("methylene blue")]
    [InlineData("procarbazine")]
    [InlineData("fluoxetine")]
    [InlineData("sertraline")]
    [InlineData("paroxetine")]
    [InlineData("citalopram")]
    [InlineData("escitalopram")]
    [InlineData("fluvoxamine")]
    [InlineData("vilazodone")]
    [InlineData("vortioxetine")]
    [InlineData("venlafaxine")]
    [InlineData("desvenlafaxine")]
    [InlineData("duloxetine")]
    [InlineData("milnacipran")]
    [InlineData("levomilnacipran")]
    [InlineData("clomipramine")]
    [InlineData("imipramine")]
    [InlineData("amitriptyline")]
    [InlineData("nortriptyline")]
    [InlineData("doxepin")]
    [InlineData("desipramine")]
    [InlineData("trazodone")]
    [InlineData("nefazodone")]
    [InlineData("mirtazapine")]
    [InlineData("tramadol")]
    [InlineData("tapentadol")]
    [InlineData("methadone")]
    [InlineData("dextromethorphan")]
    [InlineData("fentanyl")]
    [InlineData("oxycodone")]
    [InlineData("morphine")]
    [InlineData("hydromorphone")]
    [InlineData("codeine")]
    [InlineData("buprenorphine")]
    [InlineData("chlorpheniramine")]
    [InlineData("brompheniramine")]
    [InlineData("cyclobenzaprine")]
    [InlineData("amphetamine")]
    [InlineData("dextroamphetamine")]
    [InlineData("lisdexamfetamine")]
    [InlineData("methamphetamine")]
    [InlineData("phentermine")]
    [InlineData("mdma")]
    [InlineData("sumatriptan")]
    [InlineData("rizatriptan")]
    [InlineData("zolmitriptan")]
    [InlineData("naratriptan")]
    [InlineData("eletriptan")]
    [InlineData("almotriptan")]
    [InlineData("frovatriptan")]
    [InlineData("buspirone")]
    [InlineData("lithium")]
    [InlineData("ondansetron")]
    [InlineData("granisetron")]
    [InlineData("palonosetron")]
    [InlineData("dolasetron")]
    [InlineData("metoclopramide")]
    [InlineData("ginseng")]
    [InlineData("ayahuasca")]
    // Sections 3 and 4 agents and precipitants.
    [InlineData("omeprazole")]
    [InlineData("pantoprazole")]
    [InlineData("lansoprazole")]
    [InlineData("rabeprazole")]
    [InlineData("esomeprazole")]
    [InlineData("dexlansoprazole")]
    [InlineData("famotidine")]
    [InlineData("metformin")]
    [InlineData("hydrochlorothiazide")]
    [InlineData("chlorthalidone")]
    [InlineData("indapamide")]
    [InlineData("furosemide")]
    [InlineData("bumetanide")]
    [InlineData("torsemide")]
    [InlineData("digoxin")]
    [InlineData("isoniazid")]
    [InlineData("gentamicin")]
    [InlineData("amphotericin b")]
    [InlineData("cisplatin")]
    [InlineData("cetuximab")]
    [InlineData("tacrolimus")]
    [InlineData("cyclosporine")]
    [InlineData("ciprofloxacin")]
    [InlineData("levofloxacin")]
    [InlineData("moxifloxacin")]
    [InlineData("gemifloxacin")]
    [InlineData("delafloxacin")]
    [InlineData("doxycycline")]
    [InlineData("minocycline")]
    [InlineData("tetracycline")]
    [InlineData("levothyroxine")]
    [InlineData("alendronate")]
    [InlineData("dolutegravir")]
    [InlineData("raltegravir")]
    [InlineData("aluminum hydroxide")]
    [InlineData("sucralfate")]
    [InlineData("cholestyramine")]
    [InlineData("multivitamin with minerals")]
    // Section 5 and supporting agents.
    [InlineData("quetiapine")]
    [InlineData("alprazolam")]
    [InlineData("doxylamine")]
    [InlineData("guaifenesin")]
    [InlineData("phenylephrine")]
    public void CatalogueContainsAgent(string name) => Assert.Contains(name, Kb.Ingredients);

    [Fact]
    public void CanonicalNamesAreLowerCaseAndUnique()
    {
        Assert.All(Kb.Ingredients, n => Assert.Equal(n.ToLowerInvariant(), n));
        Assert.Equal(Kb.Ingredients.Count, Kb.Ingredients.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void EveryRuleHasTextEvidenceAndReferencesFromTheReferenceList()
    {
        Assert.All(Kb.Rules, rule =>
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.Title));
            Assert.False(string.IsNullOrWhiteSpace(rule.Mechanism));
            Assert.False(string.IsNullOrWhiteSpace(rule.Management));
            Assert.NotEmpty(rule.Evidence);
            Assert.All(rule.Evidence, e => Assert.Matches(@"^\[\d+\] .+", e.Citation));
        });
    }

    [Fact]
    public void NoRuleTellsTheCareTeamThatNothingIsNeeded()
    {
        // A finding is sent while its combination is present; its recommendation may say the drugs can continue, but
        // never that no action is needed (the same promise the alert lifecycle makes, docs/alerts.md).
        Assert.All(Kb.Rules, rule => Assert.DoesNotMatch(
            @"(?i)\bno (action|change|need)\b|\bnot (needed|necessary|required)\b|\bnothing (to do|needed)\b", rule.Management));
    }

    [Fact]
    public void SerotonergicContraindicatedRulesAreExactlyThoseWithAnMaoInhibitor()
    {
        var contraindicated = Kb.Rules.Where(r => r.Concern == Concern.SerotonergicContraindicated).Select(r => r.Id);

        Assert.Equal(["SER-01", "SER-02", "SER-03", "SER-04", "SER-05", "SER-74", "SER-06", "SER-19", "SER-73", "SER-20", "SER-21", "SER-22", "SER-32", "SER-33", "SER-35", "SER-36", "SER-37", "SER-38", "SER-39", "SER-40", "SER-42", "SER-52", "SER-54", "SER-57", "SER-58", "SER-59", "SER-60", "SER-61", "SER-62", "SER-65", "SER-67", "SER-68", "SER-70", "SER-71"], contraindicated);
        Assert.Equal(Concern.KratomInteraction, Kb.Rules.Single(r => r.Id == "KRA-04").Concern); // per the reference table
    }

    public static TheoryData<string, string> BrokenFiles() => new()
    {
        { "unknown-tag", "ingredient 'sertraline': unknown tag 'SRI-X'" },
        { "duplicate-synonym", "synonym 'zoloft' maps to both 'sertraline' and 'escitalopram'" },
        { "combination-collides", "synonym 'zoloft' maps to both 'sertraline' and 'fluoxetine+tramadol'" },
        { "unknown-rule-member", "rule 'SER-07': unknown ingredient or class 'foo'" },
        { "unknown-depletion-unless", "rule 'DEP-04': unknown ingredient or class 'spironolactonex'" },
        { "unknown-depletion-trigger", "rule 'DEP-01': unknown ingredient or class 'PPIX'" },
        { "no-references", "rule 'KRA-01': no references" },
        { "unknown-reference", "rule 'KRA-01': unknown reference 999" },
        { "washout-no-references", "washout 'WASH-01': no references" },
        { "washout-unknown-class", "washout 'WASH-02': unknown ingredient or class 'MAOI-Z'" },
        { "duplicate-rule", "rule 'SER-07': duplicate id" },
        { "unknown-concern", "rule 'SER-01': unknown concern 'serotonergic'" },
        { "unknown-severity", "rule 'SER-01': unknown severity 'severe'" },
        { "missing-title", "rule 'SER-02': missing 'title'" },
        { "combination-unknown", "combination 'ultracet': unknown ingredient 'foo'" },
        { "duplicate-atc", "atc 'N06AB06' maps to both 'sertraline' and 'escitalopram'" },
        { "upper-case-name", "ingredient 'Sertraline': canonical names are lower-case" },
        { "duplicate-ingredient", "ingredient 'sertraline': duplicate ingredient" },
        { "empty-citation", "reference '5': missing citation text" },
        { "note-unknown-reference", "referenceNotes '9999': names no reference of 'references'" },
        { "note-empty", "referenceNotes '5': missing note text" },
        { "version-mismatch", "rules.json: version '2099.1.1' differs from ingredients.json version '2027.1.57'" },
        { "invalid-json", "ingredients.json: invalid JSON" },
        { "unknown-grade", "rule 'SER-03': unknown evidence grade 'E9'" },
        { "unknown-kind", "rule 'SER-04': unknown kind 'triple'" },
        { "washout-advice-unknown-member", "rule 'SER-05': unknown ingredient or class 'fluoxetinex'" },
        { "washout-advice-off-the-rule", "rule 'SER-05': washoutAdvice.ended includes 'tramadol', which is on neither side of the rule" },
        { "washout-advice-no-text", "rule 'SER-05': washoutAdvice: missing 'text'" },
        { "washout-advice-placeholder", "rule 'SER-05': washoutAdvice names {ended}, {active} or {until} without replacesManagement" },
        { "ended-advice-off-the-rule", "rule 'SER-09': endedAdvice.ended includes 'tramadol', which is on neither side of the rule" },
        { "ended-advice-no-text", "rule 'SER-09': endedAdvice: missing 'text'" },
        { "ended-advice-on-a-washout-rule", "rule 'SER-05': endedAdvice on a washout rule (a member's end does not resolve its finding; use washoutAdvice)" },
        { "washout-advice-replacing-without-a-washout", "rule 'SER-09': washoutAdvice with replacesManagement on a rule without a washout" },
        { "washout-advice-unknown-placeholder", "rule 'SER-01': washoutAdvice has an unknown placeholder '{untill}' (known: {ended}, {active}, {until})" },
        { "ended-advice-placeholder", "rule 'SER-09': endedAdvice has a placeholder '{ended}', which it does not fill" },
        { "load-advice-off-the-rule", "rule 'SER-09': loadAdvice.about 'tramadol' is on neither side of the rule" },
        { "load-advice-a-class", "rule 'SER-09': loadAdvice.about must name one ingredient, not 'SSRI'" },
        { "load-advice-no-text", "rule 'SER-09': loadAdvice: missing 'text'" },
        { "supplemented-by-unknown", "rule 'DEP-03': unknown ingredient or class 'vitamin b13'" },
        { "supplemented-by-and-unless", "rule 'DEP-04': 'spironolactone' is in both 'unless' (which silences the rule) and 'supplementedBy' (which its finding names)" },
        { "same-agent-one-member", "rule 'SER-17': a 'sameAgent' group must name two or more ingredients" },
        { "same-agent-class", "rule 'SER-17': 'sameAgent' names 'SSRI', which is not a catalogue ingredient (classes are not allowed)" },
        { "same-agent-not-counted", "rule 'SER-17': 'sameAgent' names 'ibuprofen', which the rule does not count" },
        { "same-agent-twice", "rule 'SER-17': 'sameAgent' names 'amphetamine' twice" },
        { "phrase-unknown-ingredient", "phrase 'zantac 360': unknown ingredient 'famotidinex'" },
        { "phrase-bad-route", "phrase 'zantac 360': route must be 'brand' or 'synonym'" },
        { "guarded-unknown-ingredient", "guarded phrase 'SAMe': unknown ingredient 'same'" },
        { "guarded-is-a-phrase", "guarded phrase 'Zoloft': must be a phrase that is not already a catalogue phrase" },
        { "exclusion-is-catalogued", "notInCatalogue 'sertraline': is a catalogue name" },
        { "exclusion-twice", "notInCatalogue 'enoxacin': listed twice" },
        { "not-with-two-words", "ingredient 'sertraline': notWith 'in trial' must be one word" },
        { "combination-not-with-two-words", "combination 'ultracet': notWith 'nasal spray' must be one word" },
        { "combination-variant-unknown", "combination 'ultracet' variant: unknown ingredient 'foo'" },
        { "combination-variant-two-words", "combination 'ultracet': variant word 'liquid gels' must be one word" },
        { "labeler-is-a-phrase", "ingredients.json: labelers: 'Zoloft' is a catalogue phrase" },
        { "by-mouth-only-in-a-pair-rule", "rule 'SER-07': 'b' includes 'ciprofloxacin', which ingredients.json notByMouth lists as acting only in the gut" },
        { "by-mouth-only-in-a-load-rule", "ingredients.json: notByMouth: 'the serotonergic classes (SER-18 reads them)' includes a class of 'ciprofloxacin'" },
        { "by-mouth-only-unknown", "ingredients.json: notByMouth: unknown ingredient 'cipro'" },
        { "line-brand-not-a-brand", "ingredients.json: productLines brand 'sertraline' is not a single-ingredient brand of the catalogue" },
        { "line-cue-two-words", "productLines cue for 'dextromethorphan': word 'dry cough' must be one word" },
        { "unknown-word-list", "ingredient 'prednisolone': form variant names unknown wordList 'steroid skin forms'" },
        { "form-variant-twice", "ingredient 'itraconazole': two form variants use 'itraconazole oral solution'; list its words once" },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void BrokenKnowledgeBaseFailsNamingTheEntry(string breakage, string message)
    {
        var (ingredients, rules) = Break(breakage);

        var exception = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBase.Load(ingredients, rules));

        Assert.StartsWith(message, exception.Message, StringComparison.Ordinal);
    }

    private static (string Ingredients, string Rules) Break(string breakage)
    {
        var ingredients = JsonNode.Parse(IngredientsJson)!.AsObject();
        var rules = JsonNode.Parse(RulesJson)!.AsObject();
        JsonObject Ingredient(string name) => ingredients["ingredients"]!.AsArray().Single(i => (string)i!["name"]! == name)!.AsObject();
        JsonObject Rule(string id) => rules["rules"]!.AsArray().Single(r => (string)r!["id"]! == id)!.AsObject();
        JsonObject Washout(string id) => rules["washouts"]!.AsArray().Single(r => (string)r!["id"]! == id)!.AsObject();
        switch (breakage)
        {
            case "unknown-tag":
                Ingredient("sertraline")["tags"]!.AsArray().Add("SRI-X");
                break;
            case "duplicate-synonym":
                Ingredient("escitalopram")["brands"]!.AsArray().Add("Zoloft");
                break;
            case "combination-collides":
                ingredients["combinations"]!.AsArray().Add(new JsonObject { ["name"] = "zoloft", ["ingredients"] = new JsonArray("tramadol", "fluoxetine") });
                break;
            case "washout-advice-unknown-member":
                Rule("SER-05")["washoutAdvice"]![0]!["ended"] = new JsonArray("fluoxetinex");
                break;
            case "washout-advice-off-the-rule":
                Rule("SER-05")["washoutAdvice"]![0]!["ended"] = new JsonArray("fluoxetine", "tramadol");
                break;
            case "washout-advice-no-text":
                Rule("SER-05")["washoutAdvice"]![0]!.AsObject().Remove("text");
                break;
            case "washout-advice-placeholder":
                Rule("SER-05")["washoutAdvice"]![0]!["text"] = "Allow 5 weeks after {ended}.";
                break;
            case "ended-advice-off-the-rule":
                Rule("SER-09")["endedAdvice"]![0]!["ended"] = new JsonArray("tramadol");
                break;
            case "ended-advice-no-text":
                Rule("SER-09")["endedAdvice"]![0]!.AsObject().Remove("text");
                break;
            case "ended-advice-on-a-washout-rule":
                Rule("SER-05")["endedAdvice"] = new JsonArray(new JsonObject { ["ended"] = new JsonArray("fluoxetine"), ["text"] = "x" });
                break;
            case "washout-advice-replacing-without-a-washout":
                Rule("SER-09")["washoutAdvice"] = new JsonArray(new JsonObject { ["ended"] = new JsonArray("st john's wort"), ["replacesManagement"] = true, ["text"] = "x" });
                break;
            case "washout-advice-unknown-placeholder":
                Rule("SER-01")["washoutAdvice"]![0]!["text"] = "The washout runs until {untill}.";
                break;
            case "ended-advice-placeholder":
                Rule("SER-09")["endedAdvice"]![0]!["text"] = "{ended} has stopped.";
                break;
            case "load-advice-off-the-rule":
                Rule("SER-09")["loadAdvice"]!["about"] = "tramadol";
                break;
            case "load-advice-a-class":
                Rule("SER-09")["loadAdvice"]!["about"] = "SSRI";
                break;
            case "load-advice-no-text":
                Rule("SER-09")["loadAdvice"]!.AsObject().Remove("text");
                break;
            case "supplemented-by-unknown":
                Rule("DEP-03")["supplementedBy"] = new JsonArray("vitamin b13");
                break;
            case "supplemented-by-and-unless":
                Rule("DEP-04")["supplementedBy"] = new JsonArray("potassium chloride", "spironolactone");
                break;
            case "unknown-rule-member":
                Rule("SER-07")["b"] = new JsonArray("SRI-S", "foo");
                break;
            case "by-mouth-only-in-a-pair-rule":
                Rule("SER-07")["b"] = new JsonArray("SRI-S", "ciprofloxacin");
                break;
            case "by-mouth-only-in-a-load-rule":
                Ingredient("ciprofloxacin")["tags"]!.AsArray().Add("LOAD-COUNT");
                break;
            case "by-mouth-only-unknown":
                ingredients["notByMouth"]!["ingredients"]!.AsArray().Add("cipro");
                break;
            case "line-brand-not-a-brand":
                ingredients["productLines"]!["brands"]!.AsArray().Add("sertraline");
                break;
            case "unknown-word-list":
                Ingredient("prednisolone")["formVariants"]![0]!["wordList"] = "steroid skin forms";
                break;
            case "form-variant-twice":
                Ingredient("itraconazole")["formVariants"]!.AsArray().Add(new JsonObject { ["words"] = new JsonArray("syrup"), ["use"] = "itraconazole oral solution" });
                break;
            case "line-cue-two-words":
                ingredients["productLines"]!["cues"]![0]!["words"]!.AsArray().Add("dry cough");
                break;
            case "unknown-depletion-unless":
                Rule("DEP-04")["unless"] = new JsonArray("spironolactonex");
                break;
            case "unknown-depletion-trigger":
                Rule("DEP-01")["trigger"] = new JsonArray("PPIX");
                break;
            case "no-references":
                Rule("KRA-01")["evidence"] = new JsonArray();
                break;
            case "unknown-reference":
                Rule("KRA-01")["evidence"] = new JsonArray(new JsonObject { ["grade"] = "E1", ["refs"] = new JsonArray(999) });
                break;
            case "washout-no-references":
                Washout("WASH-01").Remove("evidence");
                break;
            case "washout-unknown-class":
                Washout("WASH-02")["before"] = new JsonArray("MAOI-Z");
                break;
            case "duplicate-rule":
                Rule("SER-08")["id"] = "SER-07";
                break;
            case "unknown-concern":
                Rule("SER-01")["concern"] = "serotonergic";
                break;
            case "unknown-severity":
                Rule("SER-01")["severity"] = "severe";
                break;
            case "missing-title":
                Rule("SER-02").Remove("title");
                break;
            case "combination-unknown":
                ingredients["combinations"]!.AsArray().Single(c => (string)c!["name"]! == "ultracet")!["ingredients"]!.AsArray().Add("foo");
                break;
            case "duplicate-atc":
                Ingredient("escitalopram")["atc"] = new JsonArray("N06AB06");
                break;
            case "upper-case-name":
                Ingredient("sertraline")["name"] = "Sertraline";
                break;
            case "duplicate-ingredient":
                ingredients["ingredients"]!.AsArray().Add(new JsonObject { ["name"] = "sertraline" });
                break;
            case "empty-citation":
                rules["references"]!["5"] = "";
                break;
            case "note-unknown-reference":
                (rules["referenceNotes"] ??= new JsonObject())["9999"] = "cited by no rule";
                break;
            case "note-empty":
                (rules["referenceNotes"] ??= new JsonObject())["5"] = " ";
                break;
            case "version-mismatch":
                rules["version"] = "2099.1.1";
                break;
            case "invalid-json":
                return ("{ \"version\": ", rules.ToJsonString());
            case "unknown-grade":
                Rule("SER-03")["evidence"] = new JsonArray(new JsonObject { ["grade"] = "E9", ["refs"] = new JsonArray(12) });
                break;
            case "unknown-kind":
                Rule("SER-04")["kind"] = "triple";
                break;
            case "same-agent-one-member":
                Rule("SER-17")["sameAgent"] = new JsonArray(new JsonObject { ["members"] = new JsonArray("amphetamine") });
                break;
            case "same-agent-class":
                Rule("SER-17")["sameAgent"] = new JsonArray(new JsonObject { ["members"] = new JsonArray("sertraline", "SSRI") });
                break;
            case "same-agent-not-counted":
                Rule("SER-17")["sameAgent"] = new JsonArray(new JsonObject { ["members"] = new JsonArray("amphetamine", "ibuprofen") });
                break;
            case "same-agent-twice":
                Rule("SER-17")["sameAgent"] = new JsonArray(
                    new JsonObject { ["members"] = new JsonArray("amphetamine", "dextroamphetamine") },
                    new JsonObject { ["members"] = new JsonArray("lisdexamfetamine", "amphetamine") });
                break;
            case "phrase-unknown-ingredient":
                ingredients["phrases"]!.AsArray().Single(c => (string)c!["name"]! == "zantac 360")!["ingredients"] = new JsonArray("famotidinex");
                break;
            case "phrase-bad-route":
                ingredients["phrases"]!.AsArray().Single(c => (string)c!["name"]! == "zantac 360")!["route"] = "code";
                break;
            case "guarded-unknown-ingredient":
                ingredients["guardedPhrases"]![0]!["ingredient"] = "same";
                break;
            case "guarded-is-a-phrase":
                ingredients["guardedPhrases"]!.AsArray().Add(new JsonObject { ["phrase"] = "Zoloft", ["ingredient"] = "sertraline" });
                break;
            case "exclusion-is-catalogued":
                ingredients["notInCatalogue"]!.AsArray().Add(new JsonObject { ["name"] = "sertraline", ["reason"] = "x" });
                break;
            case "exclusion-twice":
                ingredients["notInCatalogue"]!.AsArray().Add(new JsonObject { ["name"] = "enoxacin", ["reason"] = "x" });
                break;
            case "not-with-two-words":
                Ingredient("sertraline")["notWith"] = new JsonArray("placebo", "in trial");
                break;
            case "combination-not-with-two-words":
                ingredients["combinations"]!.AsArray().Single(c => (string)c!["name"]! == "ultracet")!["notWith"] = new JsonArray("nasal spray");
                break;
            case "combination-variant-unknown":
                ingredients["combinations"]!.AsArray().Single(c => (string)c!["name"]! == "ultracet")!["variants"] = new JsonArray(new JsonObject { ["words"] = new JsonArray("caplets"), ["ingredients"] = new JsonArray("tramadol", "foo") });
                break;
            case "labeler-is-a-phrase":
                ingredients["labelers"]!["names"]!.AsArray().Add("Zoloft");
                break;
            case "combination-variant-two-words":
                ingredients["combinations"]!.AsArray().Single(c => (string)c!["name"]! == "ultracet")!["variants"] = new JsonArray(new JsonObject { ["words"] = new JsonArray("liquid gels"), ["ingredients"] = new JsonArray("tramadol") });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(breakage), breakage, "unknown breakage");
        }

        return (ingredients.ToJsonString(), rules.ToJsonString());
    }

    [Fact]
    public void UnmodifiedRoundTripStillLoads()
    {
        var ingredients = JsonNode.Parse(IngredientsJson)!.ToJsonString();
        var rules = JsonNode.Parse(RulesJson)!.ToJsonString();

        Assert.Equal(Kb.Ingredients, KnowledgeBase.Load(ingredients, rules).Ingredients);
    }
}
