using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using RegimenMonitor.Rules.Model;

namespace RegimenMonitor.Rules;

/// <summary>Parses, validates and compiles the knowledge base JSON. Every failure names the offending entry.</summary>
internal static class KnowledgeBaseLoader
{
    internal const string IngredientsResource = "RegimenMonitor.Rules.Knowledge.ingredients.json";
    internal const string RulesResource = "RegimenMonitor.Rules.Knowledge.rules.json";

    /// <summary>Words ignored in product text: units, dose forms, release types, salt and packaging words.</summary>
    private static readonly FrozenSet<string> StopWords = new[]
    {
        "mg", "mcg", "ug", "g", "gm", "kg", "ml", "l", "iu", "unit", "units", "meq", "mmol", "hr", "hrs", "h", "day", "daily",
        "tab", "tabs", "tablet", "tablets", "cap", "caps", "capsule", "capsules", "softgel", "softgels", "gelcap", "gelcaps",
        "caplet", "caplets", "chewable", "chew", "gummy", "gummies", "lozenge", "lozenges", "drop", "drops", "liquid",
        "solution", "soln", "sol", "susp", "suspension", "syrup", "elixir", "powder", "packet", "granules", "injection",
        "inj", "injectable", "vial", "iv", "im", "po", "oral", "orally", "sublingual", "sl", "odt", "disintegrating",
        "film", "coated", "fc", "ec", "enteric", "dr", "delayed", "er", "xr", "sr", "xl", "cr", "la", "ir", "extended",
        "release", "controlled", "sustained", "immediate", "modified", "cream", "ointment", "gel", "spray", "nasal",
        "inhaler", "patch", "transdermal", "system", "hcl", "hydrochloride", "hbr", "hydrobromide", "sodium", "potassium",
        "maleate", "mesylate", "besylate", "succinate", "tartrate", "bitartrate", "citrate", "sulfate", "sulphate",
        "fumarate", "hyclate", "monohydrate", "oxalate", "bromide", "acetate", "carbonate", "oxide", "gluconate",
        "chloride", "hydroxide", "phosphate", "dihydrate", "anhydrous", "usp", "generic", "brand", "tabl", "strength",
        "extra", "max", "maximum", "regular", "adult", "adults", "children", "childrens", "junior", "pediatric", "infant",
        "supplement", "dietary", "herbal", "extract", "standardized", "root", "leaf", "tea", "tincture", "capsul",
        "of", "per", "each", "in", "for", "the", "a", "x", "pack", "box", "bottle", "count", "ct", "qty", "dose",
        "take", "once", "twice", "otc", "rx", "natural", "organic", "formula", "complex", "blend", "vegan", "mini",
    }.ToFrozenSet(StringComparer.Ordinal);

    internal static KnowledgeBase LoadEmbedded()
    {
        var assembly = typeof(KnowledgeBase).Assembly;
        return Load(ReadResource(assembly, IngredientsResource), ReadResource(assembly, RulesResource));
    }

    internal static string ReadResource(System.Reflection.Assembly assembly, string name)
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
        using var ingredientsDoc = Parse(ingredientsJson, "ingredients.json");
        using var rulesDoc = Parse(rulesJson, "rules.json");
        return Compile(ingredientsDoc.RootElement, rulesDoc.RootElement);
    }

    private static JsonDocument Parse(string json, string file)
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

#pragma warning disable CA1502 // One linear validation pass reads best top to bottom.
    private static KnowledgeBase Compile(JsonElement ingredientsRoot, JsonElement rulesRoot)
#pragma warning restore CA1502
    {
        var version = RequiredString(ingredientsRoot, "version", "ingredients.json");
        var rulesVersion = RequiredString(rulesRoot, "version", "rules.json");
        if (!string.Equals(version, rulesVersion, StringComparison.Ordinal))
        {
            throw new KnowledgeBaseException($"rules.json: version '{rulesVersion}' differs from ingredients.json version '{version}'");
        }

        // Ingredients: names, tags, codes.
        var names = new List<string>();
        var tags = new List<ulong>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var entries = new List<JsonElement>();
        foreach (var item in RequiredArray(ingredientsRoot, "ingredients", "ingredients.json"))
        {
            var name = RequiredString(item, "name", "ingredients.json: an ingredient");
            var label = $"ingredient '{name}'";
            if (!string.Equals(name, name.Trim().ToLowerInvariant(), StringComparison.Ordinal) || name.Length == 0)
            {
                throw new KnowledgeBaseException($"{label}: canonical names are lower-case and trimmed");
            }

            if (!ids.TryAdd(name, names.Count))
            {
                throw new KnowledgeBaseException($"{label}: duplicate ingredient");
            }

            ulong mask = 0;
            foreach (var tag in OptionalStrings(item, "tags", label))
            {
                if (!KnownTags.TryGetBit(tag, out var bit))
                {
                    throw new KnowledgeBaseException($"{label}: unknown tag '{tag}'");
                }

                mask |= bit;
            }

            names.Add(name);
            tags.Add(mask);
            entries.Add(item);
        }

        if (names.Count == 0)
        {
            throw new KnowledgeBaseException("ingredients.json: no ingredients");
        }

        if (names.Count > short.MaxValue)
        {
            throw new KnowledgeBaseException("ingredients.json: too many ingredients");
        }

        var phrases = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var phraseKinds = new Dictionary<string, MatchRoute>(StringComparer.Ordinal);
        var phraseOwner = new Dictionary<string, string>(StringComparer.Ordinal);
        var atc = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var rxnorm = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var formVariants = new Dictionary<int, (string[] Words, int Target)>();
        for (var id = 0; id < names.Count; id++)
        {
            var item = entries[id];
            var name = names[id];
            var label = $"ingredient '{name}'";
            int[] target = [id];
            AddPhrase(phrases, phraseOwner, name, target, name, label);
            phraseKinds.TryAdd(TextTokens.Key(name), MatchRoute.Name);
            foreach (var (field, route) in (ReadOnlySpan<(string, MatchRoute)>)[("brands", MatchRoute.Brand), ("synonyms", MatchRoute.Synonym), ("salts", MatchRoute.Synonym)])
            {
                foreach (var synonym in OptionalStrings(item, field, label))
                {
                    AddPhrase(phrases, phraseOwner, synonym, target, name, label);
                    phraseKinds.TryAdd(TextTokens.Key(synonym), route);
                }
            }

            foreach (var code in OptionalStrings(item, "atc", label))
            {
                AddCode(atc, "atc", code.Trim().ToUpperInvariant(), id, names);
            }

            foreach (var code in OptionalStrings(item, "rxnorm", label))
            {
                AddCode(rxnorm, "rxnorm", code.Trim(), id, names);
            }

            if (item.TryGetProperty("formVariants", out var variants))
            {
                foreach (var variant in variants.EnumerateArray())
                {
                    var use = RequiredString(variant, "use", label);
                    if (!ids.TryGetValue(use, out var targetId))
                    {
                        throw new KnowledgeBaseException($"{label}: form variant names unknown ingredient '{use}'");
                    }

                    formVariants[id] = ([.. OptionalStrings(variant, "words", label).Select(TextTokens.Key)], targetId);
                }
            }
        }

        foreach (var (section, sectionRoute) in (ReadOnlySpan<(string, MatchRoute)>)[("combinations", MatchRoute.Combination), ("phrases", MatchRoute.Synonym)])
        {
            if (!ingredientsRoot.TryGetProperty(section, out var combinations))
            {
                continue;
            }

            foreach (var combo in combinations.EnumerateArray())
            {
                var name = RequiredString(combo, "name", $"ingredients.json: an entry of '{section}'");
                var label = $"{(sectionRoute == MatchRoute.Combination ? "combination" : "phrase")} '{name}'";
                var route = sectionRoute;
                if (combo.TryGetProperty("route", out _))
                {
                    var routeText = RequiredString(combo, "route", label);
                    route = routeText switch
                    {
                        "brand" => MatchRoute.Brand,
                        "synonym" => MatchRoute.Synonym,
                        _ => throw new KnowledgeBaseException($"{label}: route must be 'brand' or 'synonym'"),
                    };
                }

                var parts = new SortedSet<int>();
                foreach (var part in OptionalStrings(combo, "ingredients", label))
                {
                    if (!ids.TryGetValue(part, out var partId))
                    {
                        throw new KnowledgeBaseException($"{label}: unknown ingredient '{part}'");
                    }

                    parts.Add(partId);
                }

                if (parts.Count == 0)
                {
                    throw new KnowledgeBaseException($"{label}: no ingredients");
                }

                int[] target = [.. parts];
                var owner = string.Join('+', target.Select(t => names[t]));
                AddPhrase(phrases, phraseOwner, name, target, owner, label);
                phraseKinds.TryAdd(TextTokens.Key(name), route);
                foreach (var alias in OptionalStrings(combo, "aliases", label))
                {
                    AddPhrase(phrases, phraseOwner, alias, target, owner, label);
                    phraseKinds.TryAdd(TextTokens.Key(alias), route);
                }
            }
        }

        var fuzzy = new List<(string, int[]?)>();
        foreach (var (key, target) in phrases)
        {
            if (key.Length >= 5 && !key.Contains(' ', StringComparison.Ordinal) && !char.IsDigit(key[0]))
            {
                fuzzy.Add((key, target));
            }
        }

        var notInCatalogue = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (other, reason) in NotInCatalogue(ingredientsRoot))
        {
            var key = TextTokens.Key(other);
            if (phrases.ContainsKey(key))
            {
                throw new KnowledgeBaseException($"notInCatalogue '{other}': is a catalogue name");
            }

            if (!notInCatalogue.TryAdd(other, reason))
            {
                throw new KnowledgeBaseException($"notInCatalogue '{other}': listed twice");
            }

            fuzzy.Add((key, null));
        }

        var neverCorrect = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in OptionalStrings(ingredientsRoot, "neverCorrect", "ingredients.json"))
        {
            neverCorrect.Add(TextTokens.Key(word));
        }

        var guarded = new Dictionary<string, (string Exact, int[] Target)>(StringComparer.Ordinal);
        if (ingredientsRoot.TryGetProperty("guardedPhrases", out var guardedPhrases))
        {
            foreach (var entry in guardedPhrases.EnumerateArray())
            {
                var exact = RequiredString(entry, "phrase", "ingredients.json: a guarded phrase");
                var label = $"guarded phrase '{exact}'";
                var ingredient = RequiredString(entry, "ingredient", label);
                var key = TextTokens.Key(exact);
                if (!ids.TryGetValue(ingredient, out var guardedId))
                {
                    throw new KnowledgeBaseException($"{label}: unknown ingredient '{ingredient}'");
                }

                if (key.Contains(' ', StringComparison.Ordinal) || phrases.ContainsKey(key) || !guarded.TryAdd(key, (exact, [guardedId])))
                {
                    throw new KnowledgeBaseException($"{label}: must be one word that is not already a catalogue phrase");
                }
            }
        }

        fuzzy.Sort((x, y) => string.CompareOrdinal(x.Item1, y.Item1));

        // Rules.
        var references = new Dictionary<int, string>();
        foreach (var property in RequiredObject(rulesRoot, "references", "rules.json").EnumerateObject())
        {
            if (!int.TryParse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw new KnowledgeBaseException($"reference '{property.Name}': the key must be the reference number");
            }

            var text = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new KnowledgeBaseException($"reference '{property.Name}': missing citation text");
            }

            references[number] = $"[{number}] {text}";
        }

        var n = names.Count;
        var ingredientTags = tags.ToArray();
        var context = new ResolveContext(ids, ingredientTags);
        var rules = new List<Rule>();
        var ruleIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in RequiredArray(rulesRoot, "rules", "rules.json"))
        {
            rules.Add(CompileRule(item, context, references, ruleIds));
        }

        var washoutDays = new byte[n * n];
        var maxWashout = new byte[n];
        var washoutIds = new List<string>();
        if (rulesRoot.TryGetProperty("washouts", out var washouts))
        {
            foreach (var item in washouts.EnumerateArray())
            {
                var id = RequiredString(item, "id", "rules.json: a washout");
                var label = $"washout '{id}'";
                if (!ruleIds.Add(id))
                {
                    throw new KnowledgeBaseException($"{label}: duplicate id");
                }

                _ = Evidence(item, label, references);
                var days = RequiredInt(item, "days", label);
                if (days is < 1 or > 255)
                {
                    throw new KnowledgeBaseException($"{label}: days must be 1-255");
                }

                var ended = context.Resolve(OptionalStrings(item, "ended", label), label, "ended");
                var before = context.Resolve(OptionalStrings(item, "before", label), label, "before");
                for (var e = 0; e < n; e++)
                {
                    if (!ended[e])
                    {
                        continue;
                    }

                    for (var o = 0; o < n; o++)
                    {
                        if (before[o] && o != e && washoutDays[(e * n) + o] < days)
                        {
                            washoutDays[(e * n) + o] = (byte)days;
                            maxWashout[e] = Math.Max(maxWashout[e], (byte)days);
                        }
                    }
                }

                washoutIds.Add(id);
            }
        }

        var ruleArray = rules.ToArray();
        var pairRules = ruleArray.OfType<PairRule>().ToArray();
        var absorptionRules = ruleArray.OfType<AbsorptionRule>().ToArray();
        var serPairs = new short[n * n];
        var absPairs = new short[n * n];
        var depletion = new List<DepletionRule>[n];
        var setRules = ruleArray.OfType<SetRule>().ToArray();
        var relevant = new bool[n];
        LoadRule? loadRule = null;
        ModifierRule? modifierRule = null;
        for (var r = 0; r < pairRules.Length; r++)
        {
            FillPairs(serPairs, pairRules, r, pairRules[r].SideA, pairRules[r].SideB, relevant);
        }

        for (var r = 0; r < absorptionRules.Length; r++)
        {
            FillPairs(absPairs, absorptionRules, r, absorptionRules[r].Objects, absorptionRules[r].Precipitants, relevant);
        }

        foreach (var rule in ruleArray)
        {
            switch (rule)
            {
                case LoadRule load:
                    if (loadRule is not null)
                    {
                        throw new KnowledgeBaseException($"rule '{rule.Id}': only one load rule is supported");
                    }

                    loadRule = load;
                    for (var i = 0; i < n; i++)
                    {
                        relevant[i] |= load.Includes(ingredientTags[i]);
                    }

                    break;
                case ModifierRule modifier:
                    if (modifierRule is not null)
                    {
                        throw new KnowledgeBaseException($"rule '{rule.Id}': only one modifier rule is supported");
                    }

                    modifierRule = modifier;
                    break;
                case DepletionRule dep:
                    for (var i = 0; i < n; i++)
                    {
                        if (dep.Triggers[i])
                        {
                            (depletion[i] ??= []).Add(dep);
                            relevant[i] = true;
                        }

                        relevant[i] |= dep.RequiresCoRisk && dep.CoRisks[i];
                    }

                    break;
                case SetRule set:
                    for (var i = 0; i < n; i++)
                    {
                        relevant[i] |= set.Anchors[i] || set.Groups.Any(g => g.Members[i]);
                    }

                    break;
            }
        }

        foreach (var rule in setRules)
        {
            rule.SuppressedBy = [.. rule.SuppressedByIds.Select(id =>
                Array.Find(setRules, x => string.Equals(x.Id, id, StringComparison.Ordinal))
                    ?? throw new KnowledgeBaseException($"rule '{rule.Id}': suppressedBy names unknown set rule '{id}'"))];
        }

        return new KnowledgeBase(version)
        {
            IngredientNames = [.. names],
            IngredientTags = ingredientTags,
            IngredientIds = ids.ToFrozenDictionary(StringComparer.Ordinal),
            Rules = ruleArray,
            WashoutIds = [.. washoutIds],
            PairRules = pairRules,
            SerotonergicPairs = serPairs,
            WashoutDays = washoutDays,
            MaxWashoutDays = maxWashout,
            AbsorptionRules = absorptionRules,
            AbsorptionPairs = absPairs,
            DepletionRules = [.. depletion.Select(l => l?.ToArray() ?? [])],
            SetRules = setRules,
            SerotonergicLoad = loadRule,
            RecentStart = modifierRule,
            RuleRelevant = relevant,
            Phrases = phrases,
            PhraseRoutes = phraseKinds,
            GuardedWords = guarded,
            NeverCorrect = neverCorrect.ToFrozenSet(StringComparer.Ordinal),
            NotInCatalogue = notInCatalogue.ToFrozenDictionary(StringComparer.Ordinal),
            MaxPhraseWords = phrases.Keys.Max(k => k.Count(c => c == ' ') + 1),
            AtcCodes = atc,
            RxNormCodes = rxnorm,
            FuzzyWords = [.. fuzzy],
            FuzzyMasks = [.. fuzzy.Select(f => ProductNormaliser.LetterMask(f.Item1))],
            StopWords = StopWords,
            FormVariants = formVariants,
        };
    }

    private static void FillPairs<T>(short[] table, T[] rules, int r, bool[] sideA, bool[] sideB, bool[] relevant)
        where T : Rule
    {
        var n = relevant.Length;
        for (var a = 0; a < n; a++)
        {
            if (!sideA[a])
            {
                continue;
            }

            relevant[a] = true;
            for (var b = 0; b < n; b++)
            {
                if (!sideB[b] || a == b)
                {
                    continue;
                }

                relevant[b] = true;
                SetPair(table, rules, (a * n) + b, r, forward: true);
                SetPair(table, rules, (b * n) + a, r, forward: false);
            }
        }
    }

    private static void SetPair<T>(short[] table, T[] rules, int slot, int rule, bool forward)
        where T : Rule
    {
        var existing = table[slot];
        if (existing != 0)
        {
            var existingRule = rules[Math.Abs(existing) - 1];
            if (existingRule.Severity >= rules[rule].Severity)
            {
                return; // Earlier rule of equal or higher severity wins: one finding per pair.
            }
        }

        table[slot] = (short)(forward ? rule + 1 : -(rule + 1));
    }

#pragma warning disable CA1502, CA1506 // Reads every rule field in one place so the messages stay consistent.
    private static Rule CompileRule(JsonElement item, ResolveContext context, Dictionary<int, string> references, HashSet<string> ruleIds)
#pragma warning restore CA1502, CA1506
    {
        var id = RequiredString(item, "id", "rules.json: a rule");
        var label = $"rule '{id}'";
        if (!ruleIds.Add(id))
        {
            throw new KnowledgeBaseException($"{label}: duplicate id");
        }

        var kindText = RequiredString(item, "kind", label);
        var kind = kindText switch
        {
            "pair" => RuleKind.Pair,
            "load" => RuleKind.Load,
            "modifier" => RuleKind.Modifier,
            "depletion" => RuleKind.Depletion,
            "absorption" => RuleKind.Absorption,
            "set" => RuleKind.Set,
            _ => throw new KnowledgeBaseException($"{label}: unknown kind '{kindText}'"),
        };
        var concern = ParseConcern(RequiredString(item, "concern", label), label);
        var severity = ParseSeverity(RequiredString(item, "severity", label), label);
        var evidence = Evidence(item, label, references);
        var evidenceFor = EvidenceScopes(item, label, context);
        var title = RequiredString(item, "title", label);
        var mechanism = RequiredString(item, "mechanism", label);
        var management = RequiredString(item, "management", label);
        var n = context.Count;
        switch (kind)
        {
            case RuleKind.Pair:
                return new PairRule
                {
                    Id = id, Concern = concern, Severity = severity, Title = title, Mechanism = mechanism,
                    Management = management, Evidence = evidence, EvidenceFor = evidenceFor,
                    Washout = item.TryGetProperty("washout", out var washout) && washout.ValueKind == JsonValueKind.True,
                    SideA = context.Resolve(OptionalStrings(item, "a", label), label, "a"),
                    SideB = context.Resolve(OptionalStrings(item, "b", label), label, "b"),
                };
            case RuleKind.Load:
                return new LoadRule
                {
                    Id = id, Concern = concern, Severity = severity, Title = title, Mechanism = mechanism,
                    Management = management, Evidence = evidence, EvidenceFor = evidenceFor,
                    MinCount = RequiredInt(item, "minCount", label),
                    CountMask = ResolveContext.TagMask(OptionalStrings(item, "count", label), label),
                    ListMask = ResolveContext.TagMask(OptionalStrings(item, "list", label), label),
                };
            case RuleKind.Modifier:
                return new ModifierRule
                {
                    Id = id, Concern = concern, Severity = severity, Title = title, Mechanism = mechanism,
                    Management = management, Evidence = evidence, EvidenceFor = evidenceFor, WithinDays = RequiredInt(item, "withinDays", label),
                };
            case RuleKind.Depletion:
                var steps = new List<DepletionStep>();
                foreach (var step in RequiredArray(item, "steps", label))
                {
                    var minDays = RequiredInt(step, "minDays", label);
                    if (minDays < 0 || (steps.Count > 0 && minDays <= steps[^1].MinDays))
                    {
                        throw new KnowledgeBaseException($"{label}: steps must have ascending, non-negative minDays");
                    }

                    steps.Add(new DepletionStep(minDays, ParseSeverity(RequiredString(step, "severity", label), label)));
                }

                if (steps.Count == 0)
                {
                    throw new KnowledgeBaseException($"{label}: no steps");
                }

                var coRisk = OptionalStrings(item, "coRisk", label);
                return new DepletionRule
                {
                    Id = id, Concern = concern, Severity = severity, Title = title, Mechanism = mechanism,
                    Management = management, Evidence = evidence, EvidenceFor = evidenceFor,
                    DepletedNutrient = RequiredString(item, "nutrient", label),
                    Triggers = context.Resolve(OptionalStrings(item, "trigger", label), label, "trigger"),
                    CoRisks = coRisk.Count == 0 ? [] : context.Resolve(coRisk, label, "coRisk"),
                    Steps = [.. steps],
                };
            case RuleKind.Absorption:
                return new AbsorptionRule
                {
                    Id = id, Concern = concern, Severity = severity, Title = title, Mechanism = mechanism,
                    Management = management, Evidence = evidence, EvidenceFor = evidenceFor,
                    Objects = context.Resolve(OptionalStrings(item, "object", label), label, "object"),
                    Precipitants = context.Resolve(OptionalStrings(item, "precipitants", label), label, "precipitants"),
                };
            default:
                var groups = new List<SetGroup>();
                foreach (var group in RequiredArray(item, "groups", label))
                {
                    groups.Add(new SetGroup(context.Resolve(OptionalStrings(group, "members", label), label, "members"), Math.Max(1, RequiredInt(group, "min", label))));
                }

                if (groups.Count == 0)
                {
                    throw new KnowledgeBaseException($"{label}: no groups");
                }

                var escalateAt = 0;
                var escalated = severity;
                if (item.TryGetProperty("escalate", out var escalate))
                {
                    escalateAt = RequiredInt(escalate, "atCount", label);
                    escalated = ParseSeverity(RequiredString(escalate, "severity", label), label);
                }

                return new SetRule
                {
                    Id = id, Concern = concern, Severity = severity, Title = title, Mechanism = mechanism,
                    Management = management, Evidence = evidence, EvidenceFor = evidenceFor,
                    Anchors = context.Resolve(OptionalStrings(item, "anchor", label), label, "anchor"),
                    Groups = [.. groups],
                    MaxPartners = item.TryGetProperty("maxPartners", out _) ? RequiredInt(item, "maxPartners", label) : 0,
                    EscalateAt = escalateAt,
                    EscalatedSeverity = escalated,
                    SuppressedByIds = [.. OptionalStrings(item, "suppressedBy", label)],
                };
        }
    }

    /// <summary>
    /// Per evidence reference (in the order <see cref="Evidence"/> lists them): the members its entry is restricted to
    /// (<c>"for"</c>: ingredients or classes, as in a rule's sides), or null when it applies to every finding of the rule.
    /// A finding cites a restricted reference only when one of its ingredients is a member.
    /// </summary>
    private static bool[]?[] EvidenceScopes(JsonElement item, string label, ResolveContext context)
    {
        var result = new List<bool[]?>();
        foreach (var entry in item.GetProperty("evidence").EnumerateArray())
        {
            var scope = entry.TryGetProperty("for", out _) ? context.Resolve(OptionalStrings(entry, "for", label), label, "evidence.for") : null;
            var count = entry.TryGetProperty("refs", out var refs) && refs.ValueKind == JsonValueKind.Array ? refs.GetArrayLength() : 0;
            for (var i = 0; i < count; i++)
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

    private static List<(string Name, string? Reason)> NotInCatalogue(JsonElement root)
    {
        var result = new List<(string, string?)>();
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
                result.Add((entry.GetString()!, null));
                continue;
            }

            var name = RequiredString(entry, "name", "ingredients.json: a notInCatalogue entry");
            result.Add((name, RequiredString(entry, "reason", $"notInCatalogue '{name}'")));
        }

        return result;
    }

    private static System.Collections.ObjectModel.ReadOnlyCollection<EvidenceReference> Evidence(JsonElement item, string label, Dictionary<int, string> references)
    {
        var result = new List<EvidenceReference>();
        if (item.TryGetProperty("evidence", out var evidence) && evidence.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in evidence.EnumerateArray())
            {
                var grade = RequiredString(entry, "grade", label);
                if (grade is not ("E1" or "E2" or "E3" or "E4"))
                {
                    throw new KnowledgeBaseException($"{label}: unknown evidence grade '{grade}'");
                }

                if (entry.TryGetProperty("refs", out var refs) && refs.ValueKind == JsonValueKind.Array)
                {
                    foreach (var reference in refs.EnumerateArray())
                    {
                        if (reference.ValueKind != JsonValueKind.Number || !reference.TryGetInt32(out var number))
                        {
                            throw new KnowledgeBaseException($"{label}: reference numbers must be integers");
                        }

                        if (!references.TryGetValue(number, out var citation))
                        {
                            throw new KnowledgeBaseException($"{label}: unknown reference {number}");
                        }

                        result.Add(new EvidenceReference(grade, citation));
                    }
                }
            }
        }

        return result.Count == 0 ? throw new KnowledgeBaseException($"{label}: no references") : result.AsReadOnly();
    }

    private static void AddPhrase(Dictionary<string, int[]> phrases, Dictionary<string, string> owners, string phrase, int[] target, string owner, string label)
    {
        var key = TextTokens.Key(phrase);
        if (key.Length == 0)
        {
            throw new KnowledgeBaseException($"{label}: name '{phrase}' has no letters or digits");
        }

        if (owners.TryGetValue(key, out var existing))
        {
            if (!string.Equals(existing, owner, StringComparison.Ordinal))
            {
                throw new KnowledgeBaseException($"synonym '{key}' maps to both '{existing}' and '{owner}'");
            }

            return;
        }

        owners.Add(key, owner);
        phrases.Add(key, target);
    }

    private static void AddCode(Dictionary<string, int[]> codes, string system, string code, int id, List<string> names)
    {
        if (code.Length == 0)
        {
            throw new KnowledgeBaseException($"ingredient '{names[id]}': empty {system} code");
        }

        if (codes.TryGetValue(code, out var existing))
        {
            if (existing[0] != id)
            {
                throw new KnowledgeBaseException($"{system} '{code}' maps to both '{names[existing[0]]}' and '{names[id]}'");
            }

            return;
        }

        codes.Add(code, [id]);
    }

    private static Concern ParseConcern(string text, string label)
    {
        foreach (var concern in Enum.GetValues<Concern>())
        {
            if (string.Equals(WireNames.Of(concern), text, StringComparison.Ordinal))
            {
                return concern;
            }
        }

        throw new KnowledgeBaseException($"{label}: unknown concern '{text}'");
    }

    private static Severity ParseSeverity(string text, string label)
    {
        foreach (var severity in Enum.GetValues<Severity>())
        {
            if (string.Equals(WireNames.Of(severity), text, StringComparison.Ordinal))
            {
                return severity;
            }
        }

        throw new KnowledgeBaseException($"{label}: unknown severity '{text}'");
    }

    private static string RequiredString(JsonElement element, string property, string label)
    {
        if (element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty(property, out var value)
            && value.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(value.GetString()))
        {
            return value.GetString()!;
        }

        throw new KnowledgeBaseException($"{label}: missing '{property}'");
    }

    private static int RequiredInt(JsonElement element, string property, string label)
    {
        if (element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty(property, out var value)
            && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt32(out var number))
        {
            return number;
        }

        throw new KnowledgeBaseException($"{label}: missing integer '{property}'");
    }

    private static JsonElement.ArrayEnumerator RequiredArray(JsonElement element, string property, string label)
    {
        if (element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty(property, out var value)
            && value.ValueKind == JsonValueKind.Array)
        {
            return value.EnumerateArray();
        }

        throw new KnowledgeBaseException($"{label}: missing array '{property}'");
    }

    private static JsonElement RequiredObject(JsonElement element, string property, string label)
    {
        if (element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        throw new KnowledgeBaseException($"{label}: missing object '{property}'");
    }

    private static List<string> OptionalStrings(JsonElement element, string property, string label)
    {
        var result = new List<string>();
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value))
        {
            return result;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new KnowledgeBaseException($"{label}: '{property}' must be an array of strings");
        }

        foreach (var entry in value.EnumerateArray())
        {
            var text = entry.ValueKind == JsonValueKind.String ? entry.GetString() : null;
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new KnowledgeBaseException($"{label}: '{property}' must contain non-empty strings");
            }

            result.Add(text);
        }

        return result;
    }

    private sealed class ResolveContext(Dictionary<string, int> ids, ulong[] tags)
    {
        public int Count => tags.Length;

        public bool[] Resolve(List<string> members, string label, string field)
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

        public static ulong TagMask(List<string> members, string label)
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
}
