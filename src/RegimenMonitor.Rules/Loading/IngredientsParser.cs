using System.Text.Json;
using static RegimenMonitor.Rules.Loading.JsonFields;

namespace RegimenMonitor.Rules.Loading;

/// <summary>Stage 1 for ingredients.json: JSON to <see cref="IngredientsFile"/> records; a malformed entry is reported and left out.</summary>
internal static class IngredientsParser
{
    private const string File = "ingredients.json";

    public static IngredientsFile Parse(JsonElement root, LoadErrors errors)
    {
        var version = errors.Catch(() => RequiredString(root, "version", File)) ?? string.Empty;
        var wordLists = errors.Catch(() => FormWordLists(root)) ?? [];
        var ingredients = new List<IngredientEntry>();
        foreach (var item in errors.Catch(() => RequiredArray(root, "ingredients", File).ToList()) ?? [])
        {
            if (errors.Catch(() => Ingredient(item, wordLists)) is { } entry)
            {
                ingredients.Add(entry);
            }
        }

        var phrases = new List<PhraseEntry>();
        foreach (var (section, route) in (ReadOnlySpan<(string, MatchRoute)>)[("combinations", MatchRoute.Combination), ("phrases", MatchRoute.Synonym)])
        {
            foreach (var item in errors.Catch(() => OptionalArray(root, section, File)) ?? [])
            {
                if (errors.Catch(() => Phrase(item, section, route)) is { } entry)
                {
                    phrases.Add(entry);
                }
            }
        }

        var exclusions = errors.Catch(() => NotInCatalogue(root)) ?? [];
        var neverCorrect = errors.Catch(() => OptionalStrings(root, "neverCorrect", File)) ?? [];
        var guarded = new List<GuardedPhraseEntry>();
        foreach (var item in errors.Catch(() => OptionalArray(root, "guardedPhrases", File)) ?? [])
        {
            if (errors.Catch(() => Guarded(item)) is { } entry)
            {
                guarded.Add(entry);
            }
        }

        var notByMouth = errors.Catch(() => NotByMouth(root)) ?? NotByMouthEntry.None;
        var productLines = errors.Catch(() => ProductLines(root)) ?? ProductLineEntry.None;
        var labelers = errors.Catch(() => Labelers(root)) ?? [];
        return new IngredientsFile(version, ingredients, phrases, exclusions, neverCorrect, guarded, notByMouth, productLines, labelers);
    }

    private static IngredientEntry Ingredient(JsonElement item, Dictionary<string, List<string>> wordLists)
    {
        var name = RequiredString(item, "name", "ingredients.json: an ingredient");
        var label = $"ingredient '{name}'";
        var variants = new List<FormVariantEntry>();
        foreach (var variant in OptionalArray(item, "formVariants", label))
        {
            // a variant's words: a shared list named by "wordList" (formWordLists), and its own "words" beside it
            var words = OptionalStrings(variant, "words", label);
            if (variant.TryGetProperty("wordList", out _))
            {
                var list = RequiredString(variant, "wordList", label);
                words = wordLists.TryGetValue(list, out var shared)
                    ? [.. shared, .. words]
                    : throw new KnowledgeBaseException($"{label}: form variant names unknown wordList '{list}'");
            }

            variants.Add(new FormVariantEntry(RequiredString(variant, "use", label), words));
        }

        return new IngredientEntry(
            name,
            OptionalStrings(item, "tags", label),
            OptionalStrings(item, "brands", label),
            OptionalStrings(item, "synonyms", label),
            OptionalStrings(item, "salts", label),
            OptionalStrings(item, "atc", label),
            OptionalStrings(item, "rxnorm", label),
            variants,
            OptionalStrings(item, "notWith", label));
    }

    private static PhraseEntry Phrase(JsonElement item, string section, MatchRoute route)
    {
        var name = RequiredString(item, "name", $"ingredients.json: an entry of '{section}'");
        var label = $"{(route == MatchRoute.Combination ? "combination" : "phrase")} '{name}'";
        var routeText = item.TryGetProperty("route", out _) ? RequiredString(item, "route", label) : null;
        var variants = new List<PhraseVariantEntry>();
        foreach (var variant in OptionalArray(item, "variants", label))
        {
            variants.Add(new PhraseVariantEntry(OptionalStrings(variant, "words", label), OptionalStrings(variant, "ingredients", label)));
        }

        return new PhraseEntry(name, label, route, routeText, OptionalStrings(item, "ingredients", label), OptionalStrings(item, "aliases", label), OptionalStrings(item, "notWith", label), variants);
    }

    private static GuardedPhraseEntry Guarded(JsonElement item)
    {
        var phrase = RequiredString(item, "phrase", "ingredients.json: a guarded phrase");
        var strengthOnly = item.TryGetProperty("strengthOnly", out var only) && only.ValueKind == JsonValueKind.True;
        var wholeText = item.TryGetProperty("wholeText", out var whole) && whole.ValueKind == JsonValueKind.True;
        return new GuardedPhraseEntry(phrase, RequiredString(item, "ingredient", $"guarded phrase '{phrase}'"), strengthOnly, wholeText);
    }

    /// <summary>Named word lists that several ingredients' form variants share (<c>formWordLists</c>).</summary>
    private static Dictionary<string, List<string>> FormWordLists(JsonElement root)
    {
        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!root.TryGetProperty("formWordLists", out _))
        {
            return lists;
        }

        var shared = RequiredObject(root, "formWordLists", File);
        foreach (var list in shared.EnumerateObject())
        {
            lists[list.Name] = OptionalStrings(shared, list.Name, $"{File}: formWordLists");
        }

        return lists;
    }

    private static NotByMouthEntry NotByMouth(JsonElement root)
    {
        if (!root.TryGetProperty("notByMouth", out _))
        {
            return NotByMouthEntry.None;
        }

        const string label = "ingredients.json: notByMouth";
        var section = RequiredObject(root, "notByMouth", File);
        return new NotByMouthEntry(OptionalStrings(section, "ingredients", label), OptionalStrings(section, "words", label), OptionalStrings(section, "byMouthWords", label),
            OptionalStrings(section, "directionWords", label), OptionalStrings(section, "byMouthDirectionWords", label));
    }

    private static ProductLineEntry ProductLines(JsonElement root)
    {
        if (!root.TryGetProperty("productLines", out _))
        {
            return ProductLineEntry.None;
        }

        const string label = "ingredients.json: productLines";
        var section = RequiredObject(root, "productLines", File);
        var cues = new List<ProductLineCueEntry>();
        foreach (var cue in OptionalArray(section, "cues", label))
        {
            var ingredient = RequiredString(cue, "ingredient", $"{label} cue");
            var cueLabel = $"{label} cue for '{ingredient}'";
            var unlessClass = cue.TryGetProperty("unlessClass", out _) ? RequiredString(cue, "unlessClass", cueLabel) : null;
            cues.Add(new ProductLineCueEntry(ingredient, OptionalStrings(cue, "words", cueLabel), OptionalStrings(cue, "notWith", cueLabel), OptionalStrings(cue, "notAfter", cueLabel), unlessClass));
        }

        return new ProductLineEntry(OptionalStrings(section, "brands", label), cues, OptionalStrings(section, "stopAt", label));
    }

    private static List<string> Labelers(JsonElement root) =>
        root.TryGetProperty("labelers", out _)
            ? OptionalStrings(RequiredObject(root, "labelers", File), "names", "ingredients.json: labelers")
            : [];

    private static List<ExclusionEntry> NotInCatalogue(JsonElement root)
    {
        var result = new List<ExclusionEntry>();
        if (!root.TryGetProperty("notInCatalogue", out var list))
        {
            return result;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new KnowledgeBaseException("ingredients.json: 'notInCatalogue' must be an array");
        }

        foreach (var entry in list.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(entry.GetString()))
            {
                result.Add(new ExclusionEntry(entry.GetString()!, null));
                continue;
            }

            var name = RequiredString(entry, "name", "ingredients.json: a notInCatalogue entry");
            result.Add(new ExclusionEntry(name, RequiredString(entry, "reason", $"notInCatalogue '{name}'")));
        }

        return result;
    }
}
