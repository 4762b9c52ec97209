using System.Collections.Frozen;

namespace RegimenMonitor.Rules;

/// <summary>
/// Maps product text as a feed sends it (plus optional codes) to canonical ingredients. Case-insensitive;
/// strengths, units, dose forms and salt words are ignored; brands, salts and combination products are mapped
/// (longest phrase first, so "Robitussin DM" is dextromethorphan + guaifenesin and "omeprazole magnesium" is
/// omeprazole). A supplied ATC or RxNorm code the catalogue knows wins over the text, except that an ingredient the
/// text names and the coded product does not hold is kept beside the code's. Misspellings of longer names are matched
/// conservatively (see <see cref="MaxFuzzyDistance"/>). Never throws; unrecognised text gives
/// no ingredients and <c>MatchedBy</c> "none". Thread-safe.
/// </summary>
public sealed class ProductNormaliser
{
    private readonly ProductCatalogue _catalogue;
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _phrases;
    private readonly Dictionary<string, (string Exact, int[] Target, bool StrengthOnly, bool WholeText)>.AlternateLookup<ReadOnlySpan<char>> _guarded;

    // an ingredient's route and form variants ("ofloxacin (not by mouth)") mapped to the ingredient itself
    private readonly Dictionary<int, int> _variantOf = [];

    /// <summary>Creates a normaliser over a loaded knowledge base.</summary>
    public ProductNormaliser(KnowledgeBase knowledgeBase)
    {
        ArgumentNullException.ThrowIfNull(knowledgeBase);
        _catalogue = knowledgeBase.Catalogue;
        _phrases = _catalogue.Phrases.GetAlternateLookup<ReadOnlySpan<char>>();
        _guarded = _catalogue.GuardedWords.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (ingredient, variant) in _catalogue.NotByMouth)
        {
            _variantOf[variant] = ingredient;
        }

        foreach (var (ingredient, variants) in _catalogue.FormVariants)
        {
            foreach (var (_, target) in variants)
            {
                _variantOf[target] = ingredient;
            }
        }
    }

    /// <summary>
    /// Largest edit distance (optimal string alignment) accepted for a misspelt word: 1 for words of 6–9
    /// letters, 2 for 10 or more letters (then the first letter must agree); words under 6 letters are never
    /// fuzzy-matched.
    /// </summary>
    public static int MaxFuzzyDistance(int wordLength) => wordLength >= 10 ? 2 : wordLength >= 6 ? 1 : 0;

    /// <summary>
    /// Normalises one product; supplied codes win over text. <paramref name="directions"/> (a dispense's dosage text) is
    /// read only for the route, and only when the product text names none: "OFLOXACIN 0.3% SOLN" with "instill 10 drops
    /// into the affected ear" is not taken by mouth; with "take 1 tablet by mouth", or no directions, it is.
    /// </summary>
    /// <remarks>
    /// A code wins over the text it came with, but it does not silence it: an ingredient the text names that the coded
    /// product does not hold (as itself or as a route or form variant) is kept beside the code's, its match naming the
    /// text. "SERTRALINE 50 MG TABS" sent with paracetamol's ATC code is read as paracetamol and sertraline, so an MAOI
    /// beside it still raises its alert (found by an independent clinical probe: the code alone was read, and the
    /// contraindicated pair went unreported); a code for one ingredient of a combination the text names in full reads
    /// the whole combination. A text that only repeats the code's ingredients, or names nothing, leaves the code's
    /// reading as it was.
    /// </remarks>
    public NormalisedProduct Normalise(string productText, string? atc = null, string? rxnorm = null, string? directions = null)
    {
        if (!string.IsNullOrWhiteSpace(atc) && _catalogue.AtcCodes.TryGetValue(atc.Trim().ToUpperInvariant(), out var byAtc))
        {
            return WithText(Result([.. byAtc.Select(id => (id, MatchRoute.Code, atc.Trim().ToUpperInvariant()))], "atc", repaired: false), byAtc, productText, directions);
        }

        if (!string.IsNullOrWhiteSpace(rxnorm) && _catalogue.RxNormCodes.TryGetValue(rxnorm.Trim(), out var byRxNorm))
        {
            return WithText(Result([.. byRxNorm.Select(id => (id, MatchRoute.Code, rxnorm.Trim()))], "rxnorm", repaired: false), byRxNorm, productText, directions);
        }

        return NormaliseText(productText, directions);
    }

    /// <summary>The coded product, with the ingredients its text names beside the code's (see <see cref="Normalise"/>).</summary>
    private NormalisedProduct WithText(NormalisedProduct coded, int[] codedIds, string productText, string? directions)
    {
        if (string.IsNullOrWhiteSpace(productText))
        {
            return coded;
        }

        var named = NormaliseText(productText, directions);
        List<IngredientMatch>? extra = null;
        foreach (var match in named.Matches)
        {
            var id = _catalogue.IngredientIds[match.Ingredient];
            var ingredient = _variantOf.GetValueOrDefault(id, id);
            if (!Array.Exists(codedIds, c => c == id || _variantOf.GetValueOrDefault(c, c) == ingredient))
            {
                (extra ??= []).Add(match);
            }
        }

        if (extra is null)
        {
            return coded;
        }

        List<IngredientMatch> matches = [.. coded.Matches, .. extra];
        matches.Sort((x, y) => string.CompareOrdinal(x.Ingredient, y.Ingredient));
        return coded with { Ingredients = [.. matches.Select(m => m.Ingredient)], Matches = matches, TextRepaired = named.TextRepaired };
    }

    /// <summary>
    /// The text's ingredients. A zero-width space parts words as a space does, which is right between two words
    /// ("Tramadol\u200BParacetamol") and wrong inside one ("Zo\u200Bloft", pasted from a web page): so a text with one
    /// between two letters is read again without it, and what that reading names beside the first is kept (found by
    /// an edge probe: "Zo\u200Bloft" and "St. John's W\u200Bort" were unrecognised, and their major alert missed).
    /// </summary>
    private NormalisedProduct NormaliseText(string productText, string? directions)
    {
        var spaced = ReadText(productText, directions);
        if (!ZeroWidthSpaceInWord(productText))
        {
            return spaced;
        }

        var joined = ReadText(productText.Replace("\u200B", "", StringComparison.Ordinal), directions);
        var extra = joined.Matches.Where(m => !spaced.Ingredients.Contains(m.Ingredient, StringComparer.Ordinal)).ToList();
        if (extra.Count == 0)
        {
            return spaced;
        }

        List<IngredientMatch> matches = [.. spaced.Matches, .. extra];
        matches.Sort((x, y) => string.CompareOrdinal(x.Ingredient, y.Ingredient));
        return new NormalisedProduct
        {
            Ingredients = [.. matches.Select(m => m.Ingredient).Distinct(StringComparer.Ordinal)],
            Matches = matches,
            MatchedBy = !spaced.IsRecognised || joined.MatchedBy == "fuzzy" ? joined.MatchedBy : spaced.MatchedBy, // a correction is said
            TextRepaired = true,
        };
    }

    private static bool ZeroWidthSpaceInWord(string? text)
    {
        if (text is null || !text.Contains('\u200B', StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 1; i + 1 < text.Length; i++)
        {
            if (text[i] == '\u200B' && char.IsLetter(text[i - 1]) && char.IsLetter(text[i + 1]))
            {
                return true;
            }
        }

        return false;
    }

    /// <param name="productText">The text.</param>
    /// <param name="directions">A dispense's dosage text, read for the route only.</param>
    /// <param name="scoped">The text is (a piece of) a text whose "not taken" markers were read already (<see cref="NotTakenScope"/>).</param>
    /// <param name="wasDamaged">The whole text held a lost character, so no word of a piece of it is corrected.</param>
    private NormalisedProduct ReadText(string productText, string? directions, bool scoped = false, bool wasDamaged = false)
    {
        if (string.IsNullOrWhiteSpace(productText))
        {
            return new NormalisedProduct { Ingredients = [], MatchedBy = "none" };
        }

        var text = TextRepair.Repair(productText, out var repaired, out var damaged);
        damaged |= wasDamaged;
        text = TextRepair.Fold(text, out var folded);
        repaired |= folded;
        var words = new List<string>();
        var separators = new List<bool>();
        TextTokens.Split(text, words, separators, keepPlus: true);
        if (_catalogue.Labelers.Length > 0)
        {
            DropLabelers(words, separators);
        }

        SplitGluedStrengths(words, separators);
        if (!scoped && SaysNotTaken(words))
        {
            // "denies St John's wort use", "sumatriptan (stopped)": no product taken. A marker governs its clause only
            // ("stopped smoking, takes St John's wort" is St John's wort); a text whose scope is unclear names nothing,
            // so it is reported as not checked, never as clear.
            var kept = NotTakenScope.KeepTaken(text, piece => ReadText(piece, null, scoped: true, damaged).IsRecognised, StartsName);
            if (kept is null)
            {
                return new NormalisedProduct { Ingredients = [], MatchedBy = "none", TextRepaired = repaired || damaged };
            }

            var read = ReadText(kept, directions, scoped: true, damaged);
            return read.TextRepaired || !(repaired || damaged) ? read : read with { TextRepaired = true };
        }

        var found = new List<(int Id, MatchRoute Route, string Phrase)>();
        Span<char> key = stackalloc char[256];
        List<bool>? plusAfter = null;
        if (words.Contains("plus"))
        {
            ReadPlusPhrases(words, separators, found, key);
            plusAfter = DropPlus(words, separators);
        }

        var marked = false; // a single-drug name with a combination marker it is not catalogued with ("Avapro HCT")
        int[]? markedTargets = null;
        var usedFuzzy = false;
        var previousEnd = -1;
        var previousWasDrug = false;
        List<int>? negated = null;
        var correctedAt = -1; // the word corrected in place, read again as if spelt right
        var i = 0;
        while (i < words.Count)
        {
            var matched = 0;
            int[]? targets = null;
            var route = MatchRoute.Name;
            string? phrase = null;
            var declined = false; // a phrase here gave way to its notWith words: the word is known, not misspelt
            for (var length = Math.Min(_catalogue.MaxPhraseWords, words.Count - i); length >= 1 && matched == 0; length--)
            {
                var keyLength = Join(words, i, length, key);
                if (keyLength > 0 && _phrases.TryGetValue(key[..keyLength], out var storedKey, out targets))
                {
                    if (length > 1 && separators.IndexOf(true, i + 1, length - 1) >= 0 && _catalogue.SaltPhrases.Contains(storedKey))
                    {
                        continue; // a salt name split by a separator is two products ("omeprazole + sodium bicarbonate")
                    }

                    if (_catalogue.PhraseNotWith.TryGetValue(storedKey, out var phraseNotWith) && phraseNotWith.Any(words.Contains))
                    {
                        declined = true;
                        continue;
                    }

                    matched = length;
                    phrase = storedKey; // the catalogue's own key: no allocation per match
                    route = _catalogue.PhraseRoutes.GetValueOrDefault(phrase, MatchRoute.Synonym);
                    if (_catalogue.PhraseVariants.TryGetValue(storedKey, out var variants)
                        && Array.Find(variants, v => v.Words.Any(words.Contains)) is { Target: { } variantTarget })
                    {
                        targets = variantTarget; // "Mucinex Sinus-Max Night" caplets: another formula than its liquid gels
                    }
                }
            }

            if (matched == 0 && Guarded(words, i, text, key) is { } guarded)
            {
                targets = guarded.Target;
                matched = guarded.Length;
                route = MatchRoute.Synonym;
                phrase = guarded.Exact;
            }

            var readRoute = route; // the name's own route, for the combination marker
            if (matched > 0 && correctedAt == i)
            {
                route = MatchRoute.Correction; // the name begins with a corrected word
                usedFuzzy = true;
                if (matched == 1 && plusAfter is not null && i < plusAfter.Count && plusAfter[i]
                    && _catalogue.PlusPhrases.TryGetValue(words[i] + " plus", out var plusTargets))
                {
                    // "Atacnd Plus": the name with its "plus", read before "plus" was taken as a separator
                    targets = plusTargets;
                    phrase = words[i] + " plus";
                    readRoute = MatchRoute.Combination;
                }
            }

            if (matched == 0 && correctedAt != i)
            {
                var word = words[i];
                if (!damaged && !declined && !_catalogue.StopWords.Contains(word) && !_catalogue.NeverCorrect.Contains(word) && !char.IsDigit(word[0]))
                {
                    // the first word of a name of several words whose other words follow as written ("methylen blue",
                    // though "methylen" alone is one edit from Methylin), else a name the word misspells or cuts short
                    var replacement = (i + 1 < words.Count && !separators[i + 1] ? CorrectedFirstWord(word, words, separators, i) : null)
                        ?? Corrected(word)?.Word;
                    if (replacement is not null)
                    {
                        // read on as if spelt right, so the longer name it begins is found ("Tylenl #3": Tylenol #3, with codeine)
                        words[i] = replacement;
                        correctedAt = i;
                        continue;
                    }
                }
            }

            if (matched == 0 && words[i] == "d" && separators[i] && VitaminDAfterCalcium(found) is { } vitaminD)
            {
                // "Calcium citrate + D", "calcium & D", "Calcium with D": the lone "d" after calcium is vitamin D
                targets = vitaminD;
                matched = 1;
                route = MatchRoute.Synonym;
                phrase = "calcium + d";
            }

            if (matched == 0)
            {
                i++;
                continue;
            }

            // A mineral written straight after a drug name is that drug's salt ("atorvastatin calcium").
            var isCation = targets!.Length == 1 && (_catalogue.IngredientTags[targets[0]] & KnownTags.ChelatingCation) != 0;
            var isSalt = isCation && previousWasDrug && previousEnd == i && !separators[i];
            if (Negated(words, i, matched))
            {
                // absent from the product whichever phrase names it ("Excedrin non-aspirin")
                (negated ??= []).AddRange(targets);
            }
            else if (!isSalt)
            {
                foreach (var target in targets)
                {
                    found.Add((target, route, phrase!));
                }
            }

            if (!marked && targets.Length == 1 && readRoute is MatchRoute.Brand or MatchRoute.Name or MatchRoute.Synonym or MatchRoute.Correction
                && CombinationMarked(words, separators, plusAfter, i, matched, readRoute))
            {
                marked = true;
                markedTargets = targets;
            }

            previousWasDrug = !isCation && targets.All(t => (_catalogue.IngredientTags[t] & KnownTags.Supplement) == 0);
            i += matched;
            previousEnd = i;
        }

        // "Atacand Plus", "Avapro HCT", "Cozaar Comp", "Co-Diovan": a single-drug name with a combination marker that no
        // catalogued combination matched is some combination the catalogue does not know; reading it as the single drug
        // would drop the other ingredient (a thiazide) silently, so it is not checked, unless the text names another one.
        if (marked && found.TrueForAll(f => Array.IndexOf(markedTargets!, f.Id) >= 0))
        {
            return new NormalisedProduct { Ingredients = [], MatchedBy = "none", TextRepaired = repaired || damaged };
        }

        if (_catalogue.LineCues.Length > 0)
        {
            InferFromLine(words, found, negated);
        }

        // A word such as "isopropyl" or "free" means the ingredient's phrase names something else here (checked on the
        // ingredients as named, before any form or route variant replaces them). A word of the catalogued phrase that
        // matched is no such sign: "hard root beer" is a catalogued name of ethanol, whose "root" keeps plain root beer out.
        found.RemoveAll(f => _catalogue.NotWith.TryGetValue(f.Id, out var notWith)
            && notWith.Any(word => words.Contains(word) && !PhraseHasWord(f.Phrase, word)));
        if (negated is not null)
        {
            found.RemoveAll(f => negated.Contains(f.Id));
        }

        // the route words are read only when an ingredient they concern was found (most texts: not at all)
        var notByMouth = _catalogue.NotByMouth.Count > 0 && found.Exists(f => _catalogue.NotByMouth.ContainsKey(f.Id))
            && SaysNotByMouth(words, directions);
        for (var f = 0; f < found.Count; f++)
        {
            if (_catalogue.FormVariants.TryGetValue(found[f].Id, out var variants) && FirstVariant(variants, words) is { } target)
            {
                found[f] = found[f] with { Id = target };
            }
            else if (notByMouth && _catalogue.NotByMouth.TryGetValue(found[f].Id, out var local))
            {
                found[f] = found[f] with { Id = local };
            }
        }

        return found.Count == 0
            ? new NormalisedProduct { Ingredients = [], MatchedBy = "none", TextRepaired = repaired || damaged }
            : Result(found, usedFuzzy ? "fuzzy" : "text", repaired || damaged);
    }

    /// <summary>
    /// Vitamin D when the last ingredient read was calcium: a lone "d" after a separator then names it ("Calcium citrate
    /// + D", "calcium &amp; D"), as the calcium and vitamin D products are labelled. "D" with no separator ("calcium
    /// D-glucarate", "calcium D-pantothenate") is no vitamin.
    /// </summary>
    /// <summary>Whether <paramref name="word"/> is one of the words of a matched catalogue phrase.</summary>
    private static bool PhraseHasWord(string phrase, string word)
    {
        var at = phrase.IndexOf(word, StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            var end = at + word.Length;
            if ((at == 0 || !char.IsLetterOrDigit(phrase[at - 1])) && (end == phrase.Length || !char.IsLetterOrDigit(phrase[end])))
            {
                return true;
            }

            at = phrase.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }

    private int[]? VitaminDAfterCalcium(List<(int Id, MatchRoute Route, string Phrase)> found) =>
        found.Count > 0 && _catalogue.IngredientIds.TryGetValue("calcium", out var calcium) && found[^1].Id == calcium
            && _catalogue.IngredientIds.TryGetValue("vitamin d", out var vitaminD)
            ? [vitaminD]
            : null;

    /// <summary>
    /// Reads the catalogued names that contain the word "plus" ("Atacand Plus", "Coversyl Plus"; longest first) before
    /// "plus" is taken as a separator, and removes their words: "Atacand Plus 16/12.5" is candesartan and
    /// hydrochlorothiazide, not the brand Atacand followed by another product. A name's notWith words and word variants
    /// apply as they do to its plain phrase.
    /// </summary>
    private void ReadPlusPhrases(List<string> words, List<bool> separators, List<(int Id, MatchRoute Route, string Phrase)> found, Span<char> key)
    {
        if (_catalogue.PlusPhrases.Count == 0)
        {
            return;
        }

        var lookup = _catalogue.PlusPhrases.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < words.Count; i++)
        {
            for (var length = Math.Min(_catalogue.MaxPlusPhraseWords, words.Count - i); length >= 2; length--)
            {
                var keyLength = Join(words, i, length, key);
                if (keyLength == 0 || !lookup.TryGetValue(key[..keyLength], out var storedKey, out var targets))
                {
                    continue;
                }

                var plain = TextTokens.Key(storedKey);
                if (_catalogue.PhraseNotWith.TryGetValue(plain, out var notWith) && notWith.Any(words.Contains))
                {
                    continue;
                }

                if (_catalogue.PhraseVariants.TryGetValue(plain, out var variants)
                    && Array.Find(variants, v => v.Words.Any(words.Contains)) is { Target: { } variantTarget })
                {
                    targets = variantTarget;
                }

                var route = _catalogue.PhraseRoutes.GetValueOrDefault(storedKey, MatchRoute.Synonym);
                foreach (var target in targets)
                {
                    found.Add((target, route, storedKey));
                }

                words.RemoveRange(i, length);
                separators.RemoveRange(i, length);
                if (i < separators.Count)
                {
                    separators[i] = true;
                }

                i--;
                break;
            }
        }
    }

    /// <summary>
    /// Removes the word "plus" (kept by the tokenizer for <see cref="ReadPlusPhrases"/>), leaving a separator before the
    /// word after it; returns, for each word left, whether "plus" came straight after it.
    /// </summary>
    private static List<bool> DropPlus(List<string> words, List<bool> separators)
    {
        var plusAfter = new List<bool>(words.Count);
        for (var w = 0; w < words.Count; w++)
        {
            if (words[w] == "plus")
            {
                if (plusAfter.Count > 0)
                {
                    plusAfter[^1] = true;
                }

                words.RemoveAt(w);
                separators.RemoveAt(w);
                if (w < separators.Count)
                {
                    separators[w] = true;
                }

                w--;
                continue;
            }

            plusAfter.Add(false);
        }

        return plusAfter;
    }

    /// <summary>
    /// Whether the single-drug name at <paramref name="start"/> carries a combination marker: "plus" right after a brand
    /// ("Atacand Plus"), "HCT", "HCTZ" or "Comp" right after it ("Avapro HCT", "losartan comp"), or a "Co-" prefix on a
    /// brand ("Co-Diovan"). Catalogued combinations are longer phrases and have matched before this is asked.
    /// </summary>
    private static bool CombinationMarked(List<string> words, List<bool> separators, List<bool>? plusAfter, int start, int length, MatchRoute route)
    {
        var last = start + length - 1;
        if (route == MatchRoute.Brand && plusAfter is not null && last < plusAfter.Count && plusAfter[last])
        {
            return true;
        }

        if (last + 1 < words.Count && words[last + 1] is "hct" or "hctz" or "comp")
        {
            return true;
        }

        return route == MatchRoute.Brand && start >= 1 && words[start - 1] == "co" && !separators[start];
    }

    /// <summary>
    /// A product of a line brand ("Mucinex", "Robitussin", "Advil") named by the brand alone, not as a catalogued
    /// combination, whose text carries a symptom word ("Mucinex Fast-Max Severe Congestion and Cough"): the brand's
    /// single ingredient is only part of it, so each cue adds the ingredient such products have (dextromethorphan for
    /// "cough", a decongestant for "congestion"), route <see cref="MatchRoute.Inferred"/>. Words after a stop word
    /// ("Tylenol for a cold") are not read, nor an ingredient the text says is absent.
    /// </summary>
    private void InferFromLine(List<string> words, List<(int Id, MatchRoute Route, string Phrase)> found, List<int>? negated)
    {
        string? brand = null;
        foreach (var match in found)
        {
            if (match.Route == MatchRoute.Combination)
            {
                return; // the product is catalogued as a whole
            }

            // a brand read from a misspelling ("Mucinx") is the brand too
            if (brand is null && _catalogue.LineBrands.Contains(match.Phrase)
                && (match.Route == MatchRoute.Brand || (match.Route == MatchRoute.Correction && _catalogue.PhraseRoutes.GetValueOrDefault(match.Phrase) == MatchRoute.Brand)))
            {
                brand = match.Phrase;
            }
        }

        if (brand is null)
        {
            return;
        }

        var end = words.FindIndex(_catalogue.LineStopAt.Contains);
        end = end < 0 ? words.Count : end;
        foreach (var cue in _catalogue.LineCues)
        {
            if (found.Exists(f => f.Id == cue.Ingredient || (_catalogue.IngredientTags[f.Id] & cue.UnlessTags) != 0)
                || negated?.Contains(cue.Ingredient) == true || cue.NotWith.Any(words.Contains))
            {
                continue;
            }

            for (var w = 0; w < end; w++)
            {
                if (Array.IndexOf(cue.Words, words[w]) >= 0 && (w == 0 || Array.IndexOf(cue.NotAfter, words[w - 1]) < 0))
                {
                    found.Add((cue.Ingredient, MatchRoute.Inferred, $"{brand} … {words[w]}"));
                    break;
                }
            }
        }
    }

    /// <summary>
    /// A strength written straight after a name ("Zoloft50mg", "Lexapro10", "sertraline50mg"): the word is split into the
    /// name and its strength when the word as a whole is no catalogue phrase and its letters are one ("Zoloft"), so the
    /// name maps as it does with a space. Words whose letters are no phrase of their own stay whole ("feso4", "coq10",
    /// "areds2", "b12"), and so does a word that is itself a phrase.
    /// </summary>
    private void SplitGluedStrengths(List<string> words, List<bool> separators)
    {
        for (var w = 0; w < words.Count; w++)
        {
            var word = words[w];
            if (word.Length < 4 || !char.IsAsciiLetter(word[0]) || word.AsSpan().IndexOfAnyInRange('0', '9') < 0)
            {
                continue;
            }

            var split = 0;
            while (split < word.Length && char.IsAsciiLetter(word[split]))
            {
                split++;
            }

            if (split < 3 || split == word.Length || !char.IsAsciiDigit(word[split]) || !IsStrength(word.AsSpan(split))
                || _phrases.TryGetValue(word, out _, out _) || !_phrases.TryGetValue(word.AsSpan(0, split), out _, out _))
            {
                continue;
            }

            words[w] = word[..split];
            words.Insert(w + 1, word[split..]);
            separators.Insert(w + 1, false);
            w++;
        }

        // digits, then only letters (a unit: "50mg", "20meq", "100"), never digits again ("5x2")
        static bool IsStrength(ReadOnlySpan<char> rest)
        {
            var d = 0;
            while (d < rest.Length && char.IsAsciiDigit(rest[d]))
            {
                d++;
            }

            for (var u = d; u < rest.Length; u++)
            {
                if (!char.IsAsciiLetter(rest[u]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// Removes the words of manufacturer and labeler names ("Dr. Reddy's") from the text's words: they name who made the
    /// product, not what it is, so their words are neither ingredients nor form words ("RISEDRONATE SODIUM 35MG TAB DR
    /// REDDYS" is immediate-release risedronate; "risedronate DR 35 mg" is the delayed-release form). A separator before
    /// a removed name is kept for the word after it.
    /// </summary>
    private void DropLabelers(List<string> words, List<bool> separators)
    {
        for (var w = 0; w < words.Count; w++)
        {
            foreach (var name in _catalogue.Labelers)
            {
                if (!At(words, w, name))
                {
                    continue;
                }

                var separatorBefore = separators[w];
                words.RemoveRange(w, name.Length);
                separators.RemoveRange(w, name.Length);
                if (w < separators.Count)
                {
                    separators[w] |= separatorBefore;
                }

                w--; // read the word now at w again
                break;
            }
        }
    }

    /// <summary>The target of the first variant (in the order listed) one of whose words is in the text; null when none is.</summary>
    private static int? FirstVariant((string[] Words, int Target)[] variants, List<string> words)
    {
        foreach (var (variantWords, target) in variants)
        {
            if (variantWords.Any(words.Contains))
            {
                return target;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the product is not taken by mouth. The text decides when it names a route: a word or phrase of
    /// ingredients.json <c>notByMouth</c> ("eye drops", "cream") and none of its by-mouth words ("chewable", "tablet"),
    /// which win ("Tums Chewy Bites Vanilla Cream" is taken by mouth). A text that names none ("OFLOXACIN 0.3% SOLN")
    /// leaves it to the directions: a word that says where it goes ("instill into the affected ear", "apply to the
    /// skin", or a word of the text's list) and none that says by mouth ("take", "swallow", "by mouth", "tablet"), which
    /// win there too; directions that mention both, or none, keep the product by mouth and its absorption rules apply.
    /// </summary>
    private bool SaysNotByMouth(List<string> words, string? directions)
    {
        var notByMouth = Contains(words, _catalogue.NotByMouthWords);
        var byMouth = Contains(words, _catalogue.ByMouthWords);
        if (notByMouth || byMouth || string.IsNullOrWhiteSpace(directions))
        {
            return notByMouth && !byMouth;
        }

        var said = new List<string>();
        TextTokens.Split(TextRepair.Repair(directions, out _, out _), said, null);
        return (Contains(said, _catalogue.DirectionWords) || Contains(said, _catalogue.NotByMouthWords))
            && !Contains(said, _catalogue.ByMouthDirectionWords) && !Contains(said, _catalogue.ByMouthWords);
    }

    private static bool Contains(List<string> words, string[][] phrases)
    {
        foreach (var phrase in phrases)
        {
            for (var w = 0; w + phrase.Length <= words.Count; w++)
            {
                if (At(words, w, phrase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether the words from <paramref name="start"/> on are <paramref name="phrase"/>.</summary>
    private static bool At(List<string> words, int start, string[] phrase)
    {
        if (start + phrase.Length > words.Count)
        {
            return false;
        }

        for (var p = 0; p < phrase.Length; p++)
        {
            if (!string.Equals(words[start + p], phrase[p], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the text says the product does not contain the phrase at <paramref name="start"/>: "tramadol-free",
    /// "aspirin free" (not "free base", nor "multivitamin free of iron"), "free of iron", "no aspirin", "contains no
    /// tramadol", "non-aspirin", "without iron". The ingredient is then left out even when another phrase (a brand)
    /// names it.
    /// </summary>
    private static bool Negated(List<string> words, int start, int length)
    {
        var next = start + length;
        if (next < words.Count && words[next] == "free" && (next + 1 == words.Count || words[next + 1] is not ("base" or "of")))
        {
            return true;
        }

        if (start >= 1 && words[start - 1] is "no" or "non" or "without")
        {
            return true;
        }

        return start >= 2 && words[start - 2] == "free" && words[start - 1] == "of";
    }

    /// <summary>
    /// Whether the text says that something is not taken: "denies St John's wort use", "St John's wort - stopped
    /// years ago, not taking", "sumatriptan — discontinued", "Imitrex nasal spray (stopped)", "ondansetron allergy (do not
    /// give)", "allergic to penicillin", "hierba de San Juan (no la tomo)". Such a text is read clause by clause
    /// (<see cref="NotTakenScope"/>): what a marker governs names no ingredient (found by an independent clinical probe:
    /// each was read as use, up to a major alert), the other clauses are read as usual. Only phrases that say so are
    /// read: "allergy" alone is a product line ("Claritin Allergy"), "allergic" alone a use ("for allergic rhinitis"),
    /// "discontinue" an instruction ("discontinue use if").
    /// </summary>
    private static bool SaysNotTaken(List<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (NotTakenScope.MarkerAt(words, i, words.Count - 1) > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a catalogued name begins at word <paramref name="at"/> ("and 5-HTP": the list goes on).</summary>
    private bool StartsName(IReadOnlyList<string> words, int at)
    {
        for (var length = Math.Min(_catalogue.MaxPhraseWords, words.Count - at); length >= 1; length--)
        {
            if (_catalogue.Phrases.ContainsKey(string.Join(' ', words.Skip(at).Take(length))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="text"/> contains <paramref name="word"/> exactly (case-sensitive) as a whole word.</summary>
    private static bool ContainsWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var end = at + word.Length;
            if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A guarded phrase at <paramref name="start"/>: followed by a strength ("SAMe 400 mg", "7-OH 15 mg"), or, for
    /// a one-word phrase only, written exactly so anywhere in the text ("Nature Made SAMe"). A phrase of several
    /// words ("7-OH") is too plain to stand alone, so only a strength after it names the ingredient, as for a
    /// strengthOnly word ("Proton 40 mg", not "Proton Pump Inhibitor"). A wholeText phrase also names it when it is the
    /// whole text ("molly", "Soma"), never inside another product's name ("Molly McButter", "Soma chai tea").
    /// </summary>
    private (int[] Target, int Length, string Exact)? Guarded(List<string> words, int start, string text, Span<char> key)
    {
        for (var length = Math.Min(_catalogue.MaxGuardedWords, words.Count - start); length >= 1; length--)
        {
            var keyLength = Join(words, start, length, key);
            if (keyLength > 0 && _guarded.TryGetValue(key[..keyLength], out var guarded)
                && ((start + length < words.Count && IsStrength(words, start + length))
                    || (length == 1 && !guarded.StrengthOnly && ContainsWord(text, guarded.Exact))
                    || (guarded.WholeText && start == 0 && length == words.Count)))
            {
                return (guarded.Target, length, guarded.Exact);
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the word at <paramref name="at"/> starts a strength: a number, not a package's size ("Jumex 11.3 oz
    /// mango nectar", "Soma 12 oz chai", "2 pack"), whose unit follows it or is written onto it (found by a review: a
    /// juice's size read as selegiline's strength).
    /// </summary>
    private static bool IsStrength(List<string> words, int at)
    {
        var word = words[at];
        if (!char.IsDigit(word[0]))
        {
            return false;
        }

        var unit = word.AsSpan().TrimStart("0123456789.,");
        if (!unit.IsEmpty)
        {
            return !PackageUnits.Contains(unit.ToString());
        }

        // "11.3 oz" may come as "11", "3", "oz"
        var next = at + 1;
        while (next < words.Count && words[next].All(char.IsDigit))
        {
            next++;
        }

        return !(next < words.Count && PackageUnits.Contains(words[next]));
    }

    // units of a package's size or count, never of a drug's strength
    private static readonly FrozenSet<string> PackageUnits = FrozenSet.ToFrozenSet(
    [
        "oz", "floz", "fl", "ounce", "ounces", "ml", "l", "lt", "ltr", "liter", "liters", "litre", "litres", "cl", "dl", "lb", "lbs",
        "gal", "gallon", "gallons", "qt", "quart", "pint", "pack", "packs", "pk", "ct", "count", "can", "cans", "bottle", "bottles",
        "box", "boxes", "bag", "bags",
    ], StringComparer.OrdinalIgnoreCase);

    private static int Join(List<string> words, int start, int count, Span<char> buffer)
    {
        var length = 0;
        for (var w = start; w < start + count; w++)
        {
            var word = words[w];
            if (length + word.Length + 1 > buffer.Length)
            {
                return 0;
            }

            if (w > start)
            {
                buffer[length++] = ' ';
            }

            word.AsSpan().CopyTo(buffer[length..]);
            length += word.Length;
        }

        return length;
    }

    /// <summary>
    /// A word no phrase matched, read as a misspelt or truncated catalogue name, or null when that would be a guess.
    /// A word that begins a catalogue word (a truncation, as pharmacy systems abbreviate: "METHYLCOBA", "TOFRAN") is
    /// read as the one name it begins; it is not corrected into another name instead ("TOFRAN" is not "Zofran"), and when
    /// it is also one edit from another name ("PROCAR": procarbazine cut short, or Proscar misspelt) it is not read at all.
    /// A word beginning two names, or a known non-catalogue name, is not read either.
    /// </summary>
    private (string Word, int[] Targets)? Corrected(string word)
    {
        var (truncation, prefix) = Truncated(word);
        if (prefix is Prefix.None or Prefix.NearComplete)
        {
            return Fuzzy(word, out _);
        }

        if (truncation is not { } truncated)
        {
            return null;
        }

        return Fuzzy(word, out var distance) is { } fuzzy && distance <= 1 && !fuzzy.Targets.AsSpan().SequenceEqual(truncated.Targets)
            ? null
            : truncated;
    }

    /// <summary>
    /// The first word of the name of several words whose first word <paramref name="first"/> (at
    /// <paramref name="at"/>) misspells, the name's other words following as written ("methylen blue", "ultraa strength
    /// antacid"): within the distance <see cref="Fuzzy"/> allows for the first word (the first letter kept at two edits),
    /// the one closest name, none when two names or a non-catalogue name are as close.
    /// </summary>
    private string? CorrectedFirstWord(string first, List<string> words, List<bool> separators, int at)
    {
        var allowed = MaxFuzzyDistance(first.Length);
        if (allowed == 0 || !_catalogue.TwoWordNames.TryGetValue(words[at + 1], out var names))
        {
            return null;
        }

        var best = allowed + 1;
        (string First, int[]? Targets)? result = null;
        var ambiguous = false;
        foreach (var (candidate, others, targets) in names)
        {
            if (Math.Abs(candidate.Length - first.Length) > allowed || !Follows(others, words, separators, at + 2))
            {
                continue;
            }

            var distance = EditDistance(first, candidate, best);
            if (distance > allowed || distance > best || (distance == 2 && candidate[0] != first[0]))
            {
                continue;
            }

            if (distance < best)
            {
                best = distance;
                result = (candidate, targets);
                ambiguous = targets is null;
            }
            else if (targets is null || result?.Targets is not { } bestTargets || !targets.AsSpan().SequenceEqual(bestTargets))
            {
                ambiguous = true;
            }
        }

        return ambiguous || result is not { Targets: not null } ? null : result.Value.First;
    }

    /// <summary>
    /// Whether a name's words after its second are the words from <paramref name="from"/> on, with no separator before
    /// any of them: <paramref name="others"/> are the name's words from the second on (the second, before
    /// <paramref name="from"/>, the caller matched).
    /// </summary>
    private static bool Follows(string[] others, List<string> words, List<bool> separators, int from)
    {
        if (from + others.Length - 1 > words.Count)
        {
            return false;
        }

        for (var r = 1; r < others.Length; r++)
        {
            if (words[from + r - 1] != others[r] || separators[from + r - 1])
            {
                return false;
            }
        }

        return true;
    }

    private (string Word, int[] Targets)? Fuzzy(string word, out int bestDistance)
    {
        bestDistance = 0;
        var allowed = MaxFuzzyDistance(word.Length);
        var insertionOnly = false;
        if (allowed == 0)
        {
            if (word.Length != 5)
            {
                return null;
            }

            // A five-letter word may be a six-letter name with one letter dropped ("zolof"), nothing else.
            allowed = 1;
            insertionOnly = true;
        }

        var best = allowed + 1;
        int[]? bestTargets = null;
        string? bestWord = null;
        var ambiguous = false;
        var wordMask = LetterMask(word);
        var masks = _catalogue.FuzzyMasks;
        var words = _catalogue.FuzzyWords;
        for (var w = 0; w < words.Length; w++)
        {
            var (candidate, targets) = words[w];
            if (insertionOnly && (candidate.Length != 6 || candidate[0] != word[0]))
            {
                continue;
            }

            // One edit changes at most two bits of the letter set, so this is a lower bound of the distance.
            if (Math.Abs(candidate.Length - word.Length) > allowed || System.Numerics.BitOperations.PopCount(masks[w] ^ wordMask) > 2 * allowed)
            {
                continue;
            }

            var distance = EditDistance(word, candidate, best);
            if (distance > allowed || distance > best)
            {
                continue;
            }

            if (distance == 2 && candidate[0] != word[0])
            {
                continue;
            }

            if (distance < best)
            {
                best = distance;
                bestTargets = targets;
                bestWord = candidate;
                ambiguous = targets is null;
            }
            else if (targets is null || bestTargets is null || !targets.AsSpan().SequenceEqual(bestTargets))
            {
                ambiguous = true; // Two different names (or a known non-catalogue name) are equally close.
            }
        }

        bestDistance = best;
        return ambiguous || bestTargets is null ? null : (bestWord!, bestTargets);
    }

    /// <summary>How a word begins the fuzzy words (<see cref="Truncated"/>).</summary>
    private enum Prefix
    {
        /// <summary>It begins no fuzzy word, or is too short to be read as a truncation.</summary>
        None,

        /// <summary>It begins a name only a letter longer: a misspelling as likely as a truncation, for fuzzy matching.</summary>
        NearComplete,

        /// <summary>
        /// It begins names: the result is the one name, or null when two names, a non-catalogue word, or a near-complete
        /// name and another drug's name begin so.
        /// </summary>
        Begins,
    }

    /// <summary>
    /// A truncated name as pharmacy systems abbreviate it ("CYCLOBENZAPR", "VENLAFAX"): a word of at least six letters
    /// that begins exactly one single-word catalogue name (two or more letters longer, and the word at least two fifths
    /// of it: "EMTRIC" is emtricitabine, but "methylene" of "methylene blue" is not the start of
    /// "methylenedioxymethamphetamine") and no known non-catalogue name.
    /// </summary>
    private ((string Word, int[] Targets)? Result, Prefix Prefix) Truncated(string word)
    {
        if (word.Length < 6)
        {
            return (null, Prefix.None);
        }

        var words = _catalogue.FuzzyWords;
        var lo = 0;
        var hi = words.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (string.CompareOrdinal(words[mid].Word, word) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        (string Word, int[] Targets)? result = null;
        (string Word, int[] Targets)? near = null; // a name the word begins that is only a letter longer
        var begins = false;
        var unread = false;
        for (var w = lo; w < words.Length && words[w].Word.StartsWith(word, StringComparison.Ordinal); w++)
        {
            var (candidate, targets) = words[w];
            if (targets is not null && candidate.Length < word.Length + 2)
            {
                near ??= (candidate, targets);
                continue;
            }

            if (targets is null && (candidate.Contains(' ', StringComparison.Ordinal)
                || (near is { } n && candidate.StartsWith(n.Word, StringComparison.Ordinal))))
            {
                continue; // a non-catalogue name of several words, or one that extends the near name ("alcohols")
            }

            begins = true;
            if (targets is null || 2 * candidate.Length > 5 * word.Length || (result is { } previous && !previous.Targets.AsSpan().SequenceEqual(targets)))
            {
                unread = true; // A known non-catalogue name, a name too long for this start, or two names begin so.
                continue;
            }

            result ??= (candidate, targets);
        }

        if (near is not null)
        {
            // a near-complete name ("allegr": Allegra cut by a letter, or misspelt) is fuzzy matching's, unless a longer
            // name the word begins is another drug or unknown ("allegr" is also Allegron, nortriptyline, cut short)
            return !begins || (!unread && result is { } longer && longer.Targets.AsSpan().SequenceEqual(near.Value.Targets))
                ? (null, Prefix.NearComplete)
                : (null, Prefix.Begins);
        }

        return begins ? (unread ? null : result, Prefix.Begins) : (null, Prefix.None);
    }

    /// <summary>The set of characters of a word as bits (a–z, digits folded onto six more bits).</summary>
    internal static uint LetterMask(string word)
    {
        uint mask = 0;
        foreach (var c in word)
        {
            mask |= c is >= 'a' and <= 'z' ? 1u << (c - 'a') : 1u << (26 + (c % 6));
        }

        return mask;
    }

    /// <summary>Optimal string alignment distance (adjacent transpositions count 1), abandoned above <paramref name="limit"/>.</summary>
    internal static int EditDistance(string a, string b, int limit)
    {
        Span<int> previous2 = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            var swap = previous2;
            previous2 = previous;
            previous = current;
            current = swap;
        }

        return previous[b.Length];
    }

    private NormalisedProduct Result(List<(int Id, MatchRoute Route, string Phrase)> found, string matchedBy, bool repaired)
    {
        var matches = new List<IngredientMatch>(found.Count);
        foreach (var (id, route, phrase) in found)
        {
            var name = _catalogue.IngredientNames[id];
            if (!matches.Exists(m => string.Equals(m.Ingredient, name, StringComparison.Ordinal)))
            {
                matches.Add(new IngredientMatch(name, route, phrase));
            }
        }

        matches.Sort((x, y) => string.CompareOrdinal(x.Ingredient, y.Ingredient));
        return new NormalisedProduct
        {
            Ingredients = [.. matches.Select(m => m.Ingredient)],
            MatchedBy = matchedBy,
            Matches = matches,
            TextRepaired = repaired,
        };
    }
}
