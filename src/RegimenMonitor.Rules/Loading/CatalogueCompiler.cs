using System.Buffers;
using System.Collections.Frozen;

namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// Stage 2 for ingredients.json: validates the parsed entries and compiles them into the
/// <see cref="ProductCatalogue"/>. Every invalid entry is reported to <see cref="LoadErrors"/> and left out.
/// </summary>
internal sealed class CatalogueCompiler(LoadErrors errors)
{
    private readonly List<IngredientEntry> _entries = [];
    private readonly List<string> _names = [];
    private readonly List<ulong> _tags = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly PhraseTable _phrases = new();
    private readonly Dictionary<string, int[]> _atc = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> _rxnorm = new(StringComparer.Ordinal);
    private readonly Dictionary<int, (string[] Words, int Target)[]> _formVariants = [];
    private readonly Dictionary<int, string[]> _notWith = [];
    private readonly Dictionary<string, string[]> _phraseNotWith = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string[] Words, int[] Target)[]> _phraseVariants = new(StringComparer.Ordinal);
    private readonly HashSet<string> _salts = new(StringComparer.Ordinal);

    public ProductCatalogue Compile(IngredientsFile file)
    {
        foreach (var entry in file.Ingredients)
        {
            errors.Catch(() => AddIngredient(entry));
        }

        if (_names.Count == 0)
        {
            errors.Add("ingredients.json: no ingredients");
        }

        if (_names.Count > short.MaxValue)
        {
            errors.Add("ingredients.json: too many ingredients");
        }

        for (var id = 0; id < _entries.Count; id++)
        {
            var ingredient = id;
            errors.Catch(() => AddNamesAndCodes(ingredient));
        }

        foreach (var phrase in file.Phrases)
        {
            errors.Catch(() => AddPhrase(phrase));
        }

        var fuzzy = _phrases.FuzzyCandidates();
        var notInCatalogue = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var exclusion in file.NotInCatalogue)
        {
            errors.Catch(() => fuzzy.Add(Exclude(exclusion, notInCatalogue)));
        }

        // a neverCorrect word is a known word: a misspelling as close to it as to a name is not corrected ("Ultraa
        // Strength": "ultra" or Ultram), as for a notInCatalogue name
        foreach (var word in file.NeverCorrect.Select(TextTokens.Key).Distinct(StringComparer.Ordinal))
        {
            if (word.Length >= 5 && !_phrases.Targets.ContainsKey(word) && !fuzzy.Exists(f => f.Word == word))
            {
                fuzzy.Add((word, null));
            }
        }

        var guarded = new Dictionary<string, (string Exact, int[] Target, bool StrengthOnly, bool WholeText)>(StringComparer.Ordinal);
        foreach (var entry in file.GuardedPhrases)
        {
            errors.Catch(() => AddGuarded(entry, guarded));
        }

        var notByMouth = errors.Catch(() => NotByMouth(file.NotByMouth)) ?? [];
        var notByMouthWords = errors.Catch(() => Phrases(file.NotByMouth.Words, "ingredients.json: notByMouth words")) ?? [];
        var byMouthWords = errors.Catch(() => Phrases(file.NotByMouth.ByMouthWords, "ingredients.json: notByMouth byMouthWords")) ?? [];
        var directionWords = errors.Catch(() => Phrases(file.NotByMouth.DirectionWords, "ingredients.json: notByMouth directionWords")) ?? [];
        var byMouthDirectionWords = errors.Catch(() => Phrases(file.NotByMouth.ByMouthDirectionWords, "ingredients.json: notByMouth byMouthDirectionWords")) ?? [];
        var labelers = errors.Catch(() => Labelers(file.Labelers)) ?? [];
        var lineBrands = errors.Catch(() => LineBrands(file.ProductLines)) ?? [];
        var lineCues = new List<LineCue>();
        foreach (var cue in file.ProductLines.Cues)
        {
            if (errors.Catch(() => Cue(cue)) is { } compiled)
            {
                lineCues.Add(compiled);
            }
        }

        fuzzy.Sort((x, y) => string.CompareOrdinal(x.Word, y.Word));
        return new ProductCatalogue
        {
            IngredientNames = [.. _names],
            IngredientTags = [.. _tags],
            IngredientIds = _ids.ToFrozenDictionary(StringComparer.Ordinal),
            Phrases = _phrases.Targets,
            PhraseRoutes = _phrases.Routes,
            PlusPhrases = _phrases.PlusTargets.ToDictionary(p => p.Key, p => p.Value.Target, StringComparer.Ordinal),
            MaxPlusPhraseWords = _phrases.PlusTargets.Keys.Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(0).Max(),
            MaxPhraseWords = _phrases.Targets.Keys.Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(0).Max(),
            GuardedWords = guarded,
            MaxGuardedWords = guarded.Keys.Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(0).Max(),
            NeverCorrect = file.NeverCorrect.Select(TextTokens.Key).ToFrozenSet(StringComparer.Ordinal),
            NotInCatalogue = notInCatalogue.ToFrozenDictionary(StringComparer.Ordinal),
            AtcCodes = _atc,
            RxNormCodes = _rxnorm,
            FuzzyWords = [.. fuzzy],
            FuzzyMasks = [.. fuzzy.Select(f => ProductNormaliser.LetterMask(f.Word))],
            TwoWordNames = TwoWordNames(fuzzy),
            StopWords = StopWords.All,
            FormVariants = _formVariants,
            NotWith = _notWith,
            PhraseNotWith = _phraseNotWith,
            PhraseVariants = _phraseVariants,
            SaltPhrases = _salts.ToFrozenSet(StringComparer.Ordinal),
            NotByMouth = notByMouth,
            NotByMouthWords = notByMouthWords,
            ByMouthWords = byMouthWords,
            DirectionWords = directionWords,
            ByMouthDirectionWords = byMouthDirectionWords,
            LineBrands = lineBrands.ToFrozenSet(StringComparer.Ordinal),
            LineCues = [.. lineCues],
            LineStopAt = file.ProductLines.StopAt.Select(TextTokens.Key).ToFrozenSet(StringComparer.Ordinal),
            Labelers = labelers,
        };
    }

    private void AddIngredient(IngredientEntry entry)
    {
        var name = entry.Name;
        if (!string.Equals(name, name.Trim().ToLowerInvariant(), StringComparison.Ordinal) || name.Length == 0)
        {
            throw new KnowledgeBaseException($"{entry.Label}: canonical names are lower-case and trimmed");
        }

        if (_ids.ContainsKey(name))
        {
            throw new KnowledgeBaseException($"{entry.Label}: duplicate ingredient");
        }

        ulong mask = 0;
        string? unknown = null;
        foreach (var tag in entry.Tags)
        {
            if (KnownTags.TryGetBit(tag, out var bit))
            {
                mask |= bit;
            }
            else
            {
                unknown ??= tag;
            }
        }

        // Registered even with an unknown tag, so rules naming it do not report it again as unknown.
        _ids.Add(name, _names.Count);
        _names.Add(name);
        _tags.Add(mask);
        _entries.Add(entry);
        if (unknown is not null)
        {
            throw new KnowledgeBaseException($"{entry.Label}: unknown tag '{unknown}'");
        }
    }

    private void AddNamesAndCodes(int id)
    {
        var entry = _entries[id];
        int[] target = [id];
        _phrases.Add(entry.Name, target, entry.Name, entry.Label, MatchRoute.Name);
        foreach (var (names, route) in (ReadOnlySpan<(IReadOnlyList<string>, MatchRoute)>)[(entry.Brands, MatchRoute.Brand), (entry.Synonyms, MatchRoute.Synonym), (entry.Salts, MatchRoute.Synonym)])
        {
            foreach (var synonym in names)
            {
                _phrases.Add(synonym, target, entry.Name, entry.Label, route);
            }
        }

        foreach (var salt in entry.Salts)
        {
            _salts.Add(TextTokens.Key(salt));
        }

        foreach (var code in entry.Atc)
        {
            AddCode(_atc, "atc", code.Trim().ToUpperInvariant(), id);
        }

        foreach (var code in entry.RxNorm)
        {
            AddCode(_rxnorm, "rxnorm", code.Trim(), id);
        }

        var variants = new List<(string[] Words, int Target)>(entry.FormVariants.Count);
        foreach (var variant in entry.FormVariants)
        {
            if (!_ids.TryGetValue(variant.Use, out var targetId))
            {
                throw new KnowledgeBaseException($"{entry.Label}: form variant names unknown ingredient '{variant.Use}'");
            }

            if (variants.Exists(v => v.Target == targetId))
            {
                throw new KnowledgeBaseException($"{entry.Label}: two form variants use '{variant.Use}'; list its words once");
            }

            variants.Add(([.. variant.Words.Select(TextTokens.Key)], targetId));
        }

        if (variants.Count > 0)
        {
            // every variant is kept, in the order listed (until 2026.12.22 a second one silently replaced the first)
            _formVariants[id] = [.. variants];
        }

        if (entry.NotWith.Count > 0)
        {
            _notWith[id] = NotWithWords(entry.NotWith, entry.Label);
        }
    }

    private static string[] NotWithWords(IReadOnlyList<string> notWith, string label)
    {
        var words = notWith.Select(TextTokens.Key).ToArray();
        return Array.Find(words, w => w.Length == 0 || w.Contains(' ', StringComparison.Ordinal)) is { } bad
            ? throw new KnowledgeBaseException($"{label}: notWith '{bad}' must be one word")
            : words;
    }

    /// <summary>
    /// Adds, per listed ingredient, its "not by mouth" variant: an ingredient of its own, named
    /// "<c>name</c> (not by mouth)", with no tags and no phrase but its name, which no rule names.
    /// </summary>
    private Dictionary<int, int> NotByMouth(NotByMouthEntry entry)
    {
        const string label = "ingredients.json: notByMouth";
        if (entry.Ingredients.Count > 0 && entry.Words.Count == 0)
        {
            throw new KnowledgeBaseException($"{label}: 'words' is empty");
        }

        var variants = new Dictionary<int, int>();
        foreach (var name in entry.Ingredients)
        {
            if (!_ids.TryGetValue(name, out var id) || id >= _entries.Count)
            {
                throw new KnowledgeBaseException($"{label}: unknown ingredient '{name}'");
            }

            if (_formVariants.ContainsKey(id))
            {
                throw new KnowledgeBaseException($"{label}: '{name}' has a form variant already");
            }

            var variant = $"{name} (not by mouth)";
            if (variants.ContainsKey(id) || !_ids.TryAdd(variant, _names.Count))
            {
                throw new KnowledgeBaseException($"{label}: '{name}' listed twice");
            }

            variants[id] = _names.Count;
            _phrases.Add(variant, [_names.Count], variant, label, MatchRoute.Name); // its stored name reads back as itself
            _names.Add(variant);
            _tags.Add(0);
        }

        return variants;
    }

    private static string[][] Phrases(IReadOnlyList<string> phrases, string label)
    {
        var result = new string[phrases.Count][];
        for (var p = 0; p < phrases.Count; p++)
        {
            var words = new List<string>();
            TextTokens.Split(phrases[p], words, null);
            result[p] = words.Count > 0 ? [.. words] : throw new KnowledgeBaseException($"{label}: '{phrases[p]}' has no word");
        }

        return result;
    }

    /// <summary>
    /// Manufacturer and labeler names as word sequences ("dr reddys"); a name that is itself a catalogue phrase would hide
    /// an ingredient, so it fails the load.
    /// </summary>
    private string[][] Labelers(IReadOnlyList<string> names)
    {
        const string label = "ingredients.json: labelers";
        var labelers = Phrases(names, label);
        for (var n = 0; n < labelers.Length; n++)
        {
            if (_phrases.Targets.ContainsKey(string.Join(' ', labelers[n])))
            {
                throw new KnowledgeBaseException($"{label}: '{names[n]}' is a catalogue phrase");
            }
        }

        Array.Sort(labelers, (x, y) => y.Length.CompareTo(x.Length)); // the longest name first, where two begin alike
        return labelers;
    }

    private List<string> LineBrands(ProductLineEntry entry)
    {
        var brands = new List<string>();
        foreach (var brand in entry.Brands)
        {
            var key = TextTokens.Key(brand);
            if (_phrases.Routes.GetValueOrDefault(key, MatchRoute.Code) != MatchRoute.Brand)
            {
                throw new KnowledgeBaseException($"ingredients.json: productLines brand '{brand}' is not a single-ingredient brand of the catalogue");
            }

            brands.Add(key);
        }

        if (brands.Count > 0 && entry.Cues.Count == 0)
        {
            throw new KnowledgeBaseException("ingredients.json: productLines has brands but no cues");
        }

        return brands;
    }

    private LineCue Cue(ProductLineCueEntry entry)
    {
        if (!_ids.TryGetValue(entry.Ingredient, out var id) || id >= _entries.Count)
        {
            throw new KnowledgeBaseException($"{entry.Label}: unknown ingredient");
        }

        string[] Words(IReadOnlyList<string> words, string field) =>
            [.. words.Select(w => TextTokens.Key(w) is { Length: > 0 } key && !key.Contains(' ', StringComparison.Ordinal)
                ? key
                : throw new KnowledgeBaseException($"{entry.Label}: {field} '{w}' must be one word"))];

        var cueWords = Words(entry.Words, "word");
        ulong unless = 0;
        if (entry.UnlessClass is { } tag && !KnownTags.TryGetBit(tag, out unless))
        {
            throw new KnowledgeBaseException($"{entry.Label}: unknown class '{tag}'");
        }

        return cueWords.Length == 0
            ? throw new KnowledgeBaseException($"{entry.Label}: 'words' is empty")
            : new LineCue(id, cueWords, Words(entry.NotWith, "notWith"), Words(entry.NotAfter, "notAfter"), unless);
    }

    private void AddPhrase(PhraseEntry entry)
    {
        var route = entry.RouteText switch
        {
            null => entry.Route,
            "brand" => MatchRoute.Brand,
            "synonym" => MatchRoute.Synonym,
            _ => throw new KnowledgeBaseException($"{entry.Label}: route must be 'brand' or 'synonym'"),
        };
        var notWith = entry.NotWith.Count > 0 ? NotWithWords(entry.NotWith, entry.Label) : null;
        int[] target = Targets(entry.Ingredients, entry.Label);
        var variants = entry.Variants.Count > 0 ? [.. entry.Variants.Select(v => Variant(v, entry.Label))] : ((string[] Words, int[] Target)[]?)null;
        var owner = string.Join('+', target.Select(t => _names[t]));
        foreach (var phrase in (IEnumerable<string>)[entry.Name, .. entry.Aliases])
        {
            _phrases.Add(phrase, target, owner, entry.Label, route);
            if (notWith is not null)
            {
                _phraseNotWith[TextTokens.Key(phrase)] = notWith;
            }

            if (variants is not null)
            {
                _phraseVariants[TextTokens.Key(phrase)] = variants;
            }
        }
    }

    /// <summary>The ingredient ids of an entry's ingredient names, in catalogue order.</summary>
    private int[] Targets(IReadOnlyList<string> ingredients, string label)
    {
        var parts = new SortedSet<int>();
        foreach (var part in ingredients)
        {
            parts.Add(_ids.TryGetValue(part, out var partId) ? partId : throw new KnowledgeBaseException($"{label}: unknown ingredient '{part}'"));
        }

        return parts.Count > 0 ? [.. parts] : throw new KnowledgeBaseException($"{label}: no ingredients");
    }

    /// <summary>A variant of a combination or phrase: its words (one word each) and the ingredients they select.</summary>
    private (string[] Words, int[] Target) Variant(PhraseVariantEntry variant, string label)
    {
        var words = variant.Words.Select(TextTokens.Key).ToArray();
        if (words.Length == 0)
        {
            throw new KnowledgeBaseException($"{label}: a variant has no words");
        }

        return Array.Find(words, w => w.Length == 0 || w.Contains(' ', StringComparison.Ordinal)) is { } bad
            ? throw new KnowledgeBaseException($"{label}: variant word '{bad}' must be one word")
            : (words, Targets(variant.Ingredients, $"{label} variant"));
    }

    /// <summary>
    /// The names of two words or more whose first word may be corrected (<see cref="ProductCatalogue.TwoWordNames"/>),
    /// by their second word: a first word of six letters or more; not a name read only with or without certain words, or
    /// with variants, or a salt's name; and the non-catalogue names of several words among the fuzzy words, as blockers.
    /// </summary>
    private FrozenDictionary<string, (string First, string[] Others, int[]? Targets)[]> TwoWordNames(List<(string Word, int[]? Targets)> fuzzy)
    {
        var bySecond = new Dictionary<string, List<(string First, string[] Others, int[]? Targets)>>(StringComparer.Ordinal);
        void Add(string key, int[]? targets)
        {
            var space = key.IndexOf(' ', StringComparison.Ordinal);
            if (space < 6 || key.AsSpan(0, space).ContainsAnyExcept(Letters))
            {
                return;
            }

            var rest = key[(space + 1)..].Split(' ');
            if (!bySecond.TryGetValue(rest[0], out var list))
            {
                bySecond[rest[0]] = list = [];
            }

            list.Add((key[..space], rest, targets));
        }

        foreach (var (key, targets) in _phrases.Targets)
        {
            if (!_phraseNotWith.ContainsKey(key) && !_phraseVariants.ContainsKey(key) && !_salts.Contains(key))
            {
                Add(key, targets);
            }
        }

        foreach (var (word, targets) in fuzzy)
        {
            if (targets is null)
            {
                Add(word, null);
            }
        }

        return bySecond.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    private static readonly SearchValues<char> Letters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz");

    private (string Word, int[]? Targets) Exclude(ExclusionEntry entry, Dictionary<string, string?> notInCatalogue)
    {
        var key = TextTokens.Key(entry.Name);
        if (_phrases.Targets.ContainsKey(key))
        {
            throw new KnowledgeBaseException($"notInCatalogue '{entry.Name}': is a catalogue name");
        }

        if (!notInCatalogue.TryAdd(entry.Name, entry.Reason))
        {
            throw new KnowledgeBaseException($"notInCatalogue '{entry.Name}': listed twice");
        }

        return (key, null);
    }

    private void AddGuarded(GuardedPhraseEntry entry, Dictionary<string, (string Exact, int[] Target, bool StrengthOnly, bool WholeText)> guarded)
    {
        var key = TextTokens.Key(entry.Phrase);
        if (!_ids.TryGetValue(entry.Ingredient, out var guardedId))
        {
            throw new KnowledgeBaseException($"{entry.Label}: unknown ingredient '{entry.Ingredient}'");
        }

        if (key.Length == 0 || _phrases.Targets.ContainsKey(key) || !guarded.TryAdd(key, (entry.Phrase, [guardedId], entry.StrengthOnly, entry.WholeText)))
        {
            throw new KnowledgeBaseException($"{entry.Label}: must be a phrase that is not already a catalogue phrase");
        }
    }

    private void AddCode(Dictionary<string, int[]> codes, string system, string code, int id)
    {
        if (code.Length == 0)
        {
            throw new KnowledgeBaseException($"ingredient '{_names[id]}': empty {system} code");
        }

        if (codes.TryGetValue(code, out var existing))
        {
            if (existing[0] != id)
            {
                throw new KnowledgeBaseException($"{system} '{code}' maps to both '{_names[existing[0]]}' and '{_names[id]}'");
            }

            return;
        }

        codes.Add(code, [id]);
    }
}
