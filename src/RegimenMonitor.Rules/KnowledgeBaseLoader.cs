using System.Reflection;
using System.Text.Json;
using RegimenMonitor.Rules.Loading;

namespace RegimenMonitor.Rules;

/// <summary>
/// Loads the knowledge base in stages (files in <c>Loading/</c>): parse the JSON to records
/// (<see cref="IngredientsParser"/>, <see cref="RulesParser"/>); validate and compile them into the
/// <see cref="ProductCatalogue"/> and one typed rule record per rule kind (<see cref="CatalogueCompiler"/>,
/// <see cref="RuleCompiler"/>), collecting every error; build the engine's lookup tables (<see cref="RuleTables"/>).
/// Any error throws one <see cref="KnowledgeBaseException"/> listing them all, each naming its entry.
/// </summary>
internal static class KnowledgeBaseLoader
{
    internal const string IngredientsResource = "RegimenMonitor.Rules.Knowledge.ingredients.json";
    internal const string RulesResource = "RegimenMonitor.Rules.Knowledge.rules.json";

    internal static KnowledgeBase LoadEmbedded()
    {
        var assembly = typeof(KnowledgeBase).Assembly;
        return Load(ReadResource(assembly, IngredientsResource), ReadResource(assembly, RulesResource));
    }

    internal static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new KnowledgeBaseException($"embedded resource '{name}' is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal static KnowledgeBase Load(string ingredientsJson, string rulesJson)
    {
        ArgumentNullException.ThrowIfNull(ingredientsJson);
        ArgumentNullException.ThrowIfNull(rulesJson);
        using var ingredientsDoc = ParseJson(ingredientsJson, "ingredients.json");
        using var rulesDoc = ParseJson(rulesJson, "rules.json");
        var errors = new LoadErrors();

        // 1. Parse to records.
        var ingredientsFile = IngredientsParser.Parse(ingredientsDoc.RootElement, errors);
        var rulesFile = RulesParser.Parse(rulesDoc.RootElement, errors);

        // 2. Validate and compile: the catalogue, then the typed rules resolved against it.
        if (ingredientsFile.Version.Length > 0 && rulesFile.Version.Length > 0
            && !string.Equals(ingredientsFile.Version, rulesFile.Version, StringComparison.Ordinal))
        {
            errors.Add($"rules.json: version '{rulesFile.Version}' differs from ingredients.json version '{ingredientsFile.Version}'");
        }

        var catalogue = new CatalogueCompiler(errors).Compile(ingredientsFile);
        var resolver = new MemberResolver(catalogue.IngredientIds, catalogue.IngredientTags, catalogue.NotByMouth);
        errors.Catch(() => resolver.NotGutOnly(KnownTags.Serotonergic, "ingredients.json: notByMouth", "the serotonergic classes (SER-18 reads them)"));
        var compiler = new RuleCompiler(rulesFile, resolver, errors);
        var rules = compiler.CompileRules().ToArray();
        var washouts = compiler.CompileWashouts();

        // 3. The engine's lookup tables.
        var tables = RuleTables.Build(rules, washouts, catalogue.IngredientTags, errors);
        errors.ThrowIfAny();
        return new KnowledgeBase(ingredientsFile.Version)
        {
            IngredientNames = catalogue.IngredientNames,
            IngredientTags = catalogue.IngredientTags,
            IngredientIds = catalogue.IngredientIds,
            Catalogue = catalogue,
            Rules = rules,
            WashoutIds = [.. washouts.Select(w => w.Id)],
            PairRules = tables.PairRules,
            SerotonergicPairs = tables.SerotonergicPairs,
            WashoutDays = tables.WashoutDays,
            MaxWashoutDays = tables.MaxWashoutDays,
            CounteractsDepletion = tables.CounteractsDepletion,
            AbsorptionRules = tables.AbsorptionRules,
            AbsorptionPairs = tables.AbsorptionPairs,
            DepletionRules = tables.DepletionRules,
            SetRules = tables.SetRules,
            SerotonergicLoad = tables.Load,
            RecentStart = tables.Modifier,
            RuleRelevant = tables.RuleRelevant,
        };
    }

    private static JsonDocument ParseJson(string json, string file)
    {
        try
        {
            var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new KnowledgeBaseException($"{file}: the root must be an object");
            }

            return doc;
        }
        catch (JsonException ex)
        {
            throw new KnowledgeBaseException($"{file}: invalid JSON: {ex.Message}", ex);
        }
    }
}
