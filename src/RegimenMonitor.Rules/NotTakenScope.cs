namespace RegimenMonitor.Rules;

/// <summary>
/// The clauses of a product text that says something is not taken ("denies", "stopped", "not taking", "allergic to",
/// "no la tomo"), and which of them the saying governs. A marker governs its own clause, not the whole text: "stopped
/// smoking, takes St John's wort" names St John's wort, "not taking melatonin, takes tramadol" tramadol, "St John's
/// wort; denies side effects" St John's wort (found by an independent clinical probe: the whole text was blanked, so
/// the product taken beside the marker raised nothing). A text whose scope is unclear is not read at all, as before.
/// </summary>
/// <remarks>
/// Clauses end at commas, semicolons, parentheses, brackets, a dash with a space beside it, a line break, a sentence
/// end ("." "!" "?" before a space, not after "St" or "Dr") and the words "but", "however", "though", "although";
/// "and", "with", "plus", "/", "+" and "&amp;" end one only when the word after them begins no catalogued name
/// ("stopped ibuprofen and takes St John's wort" is two clauses, "denies St John's wort and 5-HTP" one). Per marker:
/// <list type="bullet">
/// <item>a name after it in its clause ("denies St John's wort", "denies smoking or kratom") is its object: that clause
/// is dropped; a name before it in the same clause as well ("St John's wort not taking melatonin") is unclear;</item>
/// <item>no object (nothing after it, or a time, reason or pronoun: "stopped 2 weeks ago", "not taking it", "stopped
/// due to nausea") governs what comes before it: the names before it in its clause ("kratom is not used"), or, for a
/// parenthesis ("sertraline (stopped)", "tramadol 50 mg (patient refused)"), the clause before the parenthesis; with
/// neither ("St John's wort, stopped") it is unclear;</item>
/// <item>a word that names nothing ("stopped smoking", "denies side effects", "allergic to penicillin") is its object:
/// the clause, which names nothing, is dropped and nothing else; a name before it in the clause is unclear.</item>
/// </list>
/// A clause that governs forward ("allergic to penicillin", "denies St John's wort") may be a list that goes on: a later
/// clause of the same sentence that names a product with no word saying it is taken ("takes", "uses", "started", "now",
/// "daily"…) makes the text unclear ("allergic to penicillin; amoxicillin" is an allergy list; "denies alcohol, uses
/// kratom daily" and "denies alcohol. St John's wort 300 mg daily" name kratom and St John's wort).
/// </remarks>
internal static class NotTakenScope
{
    /// <summary>
    /// The text with the clauses a marker governs (and the markers' own clauses) blanked out, or null when the scope is
    /// unclear. <paramref name="names"/> tells whether a piece of the text names a product; <paramref name="startsName"/>
    /// whether a catalogued name begins at a word.
    /// </summary>
    internal static string? KeepTaken(string text, Func<string, bool> names, Func<IReadOnlyList<string>, int, bool> startsName)
    {
        var tokens = Tokens(text);
        var words = tokens.ConvertAll(t => t.Word);
        var clauses = Clauses(tokens, words, startsName);
        var drop = new bool[clauses.Count];
        var forward = new bool[clauses.Count];
        var anyMarker = false;
        for (var c = 0; c < clauses.Count; c++)
        {
            var clause = clauses[c];
            for (var k = clause.First; k <= clause.Last; k++)
            {
                var marker = MarkerAt(words, k, clause.Last);
                if (marker == 0)
                {
                    continue;
                }

                anyMarker = true;
                var objectAt = k + marker;
                while (objectAt <= clause.Last && Fillers.Contains(words[objectAt]))
                {
                    objectAt++;
                }

                var before = k > clause.First && names(text[tokens[clause.First].Start..tokens[k].Start]);
                var after = objectAt <= clause.Last && names(text[tokens[objectAt].Start..tokens[clause.Last].End]);
                var objectless = objectAt > clause.Last || IsScopeWord(words[objectAt]);
                if (after || !objectless)
                {
                    if (before)
                    {
                        return null; // "St John's wort not taking melatonin", "St John's wort stopped smoking": which one?
                    }

                    if (after && HasTakenWord(words, objectAt + 1, clause.Last, besidesUse: true))
                    {
                        // "stopped sertraline now on St John's wort", "discontinued sertraline and St John's wort started":
                        // the clause also says something is taken (found by a review: the whole clause was dropped)
                        return null;
                    }

                    drop[c] = true;
                    forward[c] = true;
                }
                else if (before)
                {
                    if (HasTakenWord(words, clause.First, k - 1, besidesUse: false))
                    {
                        return null; // "takes St John's wort and kratom is not used": which one is not?
                    }

                    drop[c] = true; // "kratom is not used", "sertraline stopped 2 weeks ago"
                }
                else if (clause.OpenedByParenthesis && c > 0 && names(Span(text, tokens, clauses[c - 1])))
                {
                    drop[c] = true; // "sertraline (stopped)", "tramadol 50 mg (patient refused)"
                    drop[c - 1] = true;
                }
                else
                {
                    return null; // "St John's wort, stopped": stopped what?
                }
            }
        }

        if (!anyMarker)
        {
            return null; // a marker across a clause's end ("not / taking"): unclear
        }

        // a forward marker's list may go on in the clauses after it, up to the sentence's end
        for (var c = 0; c < clauses.Count; c++)
        {
            if (!forward[c])
            {
                continue;
            }

            for (var n = c + 1; n < clauses.Count && !clauses[n].Sentence; n++)
            {
                if (!drop[n] && !SaysTaken(words, clauses[n]) && names(Span(text, tokens, clauses[n])))
                {
                    return null; // "allergic to penicillin; amoxicillin"
                }
            }
        }

        var kept = text.ToCharArray();
        for (var c = 0; c < clauses.Count; c++)
        {
            if (drop[c])
            {
                Array.Fill(kept, ' ', tokens[clauses[c].First].Start, tokens[clauses[c].Last].End - tokens[clauses[c].First].Start);
            }
        }

        return new string(kept);
    }

    private static string Span(string text, List<Token> tokens, Clause clause) => text[tokens[clause.First].Start..tokens[clause.Last].End];

    // a word of TakenWords among words[first..last]; besidesUse: not "use" or "take" (after a marker's object they go
    // with the marker: "denies St John's wort use")
    private static bool HasTakenWord(List<string> words, int first, int last, bool besidesUse)
    {
        for (var w = first; w <= last; w++)
        {
            if (TakenWords.Contains(words[w]) && !(besidesUse && Fillers.Contains(words[w])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SaysTaken(List<string> words, Clause clause) => HasTakenWord(words, clause.First, clause.Last, besidesUse: false);

    /// <summary>The length of the marker at <paramref name="at"/> that ends within the clause, 0 when there is none.</summary>
    internal static int MarkerAt(IReadOnlyList<string> words, int at, int last)
    {
        var longest = 0;
        foreach (var marker in Markers)
        {
            if (marker.Length > longest && at + marker.Length - 1 <= last && Matches(words, at, marker))
            {
                longest = marker.Length;
            }
        }

        return longest;
    }

    private static bool Matches(IReadOnlyList<string> words, int at, string[] marker)
    {
        for (var k = 0; k < marker.Length; k++)
        {
            if (!string.Equals(words[at + k], marker[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsScopeWord(string word) => char.IsDigit(word[0]) || ScopeWords.Contains(word);

    private readonly record struct Token(string Word, int Start, int End, Boundary Before);

    private readonly record struct Clause(int First, int Last, bool OpenedByParenthesis, bool Sentence);

    private enum Boundary
    {
        None,
        Soft, // "and", "with", "plus", "/", "+", "&": a clause ends only when no name begins after it
        List, // ",", ";", ")", "]", a spaced dash
        Parenthesis, // "(", "["
        Sentence, // ". " "! " "? ", a line break, "but", "however", "though", "although"
    }

    /// <summary>The words of the text as <see cref="TextTokens"/> splits them, with their places and the boundary before each.</summary>
    private static List<Token> Tokens(string text)
    {
        var tokens = new List<Token>();
        var pending = Boundary.None;
        var start = -1;
        var word = new System.Text.StringBuilder();
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(c))
            {
                if (start < 0)
                {
                    start = i;
                    word.Clear();
                }

                word.Append(char.ToLowerInvariant(c));
                continue;
            }

            if (c is '\'' or '\u2019' or '\u2018' or '`' or '\u00B4' or '\u02BC' or '\u2032')
            {
                continue;
            }

            string? ended = null;
            if (start >= 0)
            {
                ended = word.ToString();
                if (ended is "and" or "with" or "plus" or "w")
                {
                    pending = Max(pending, Boundary.Soft);
                }
                else if (ended is "but" or "however" or "though" or "although")
                {
                    pending = Boundary.Sentence;
                }
                else
                {
                    tokens.Add(new Token(ended, start, i, pending));
                    pending = Boundary.None;
                }

                start = -1;
            }

            var next = i + 1 < text.Length ? text[i + 1] : ' ';
            var previous = i > 0 ? text[i - 1] : ' ';
            pending = c switch
            {
                '/' or '+' or '&' => Max(pending, Boundary.Soft),
                ',' or ';' or ')' or ']' => Max(pending, Boundary.List),
                '-' or '\u2013' or '\u2014' when char.IsWhiteSpace(previous) || char.IsWhiteSpace(next) || c != '-' => Max(pending, Boundary.List),
                '(' or '[' => Max(pending, Boundary.Parenthesis),
                '\n' or '\r' or '!' or '?' => Boundary.Sentence,
                '.' when char.IsWhiteSpace(next) && !(ended is not null && Abbreviations.Contains(ended)) => Boundary.Sentence,
                _ => pending,
            };
        }

        return tokens;
    }

    private static Boundary Max(Boundary a, Boundary b) => a > b ? a : b;

    private static List<Clause> Clauses(List<Token> tokens, List<string> words, Func<IReadOnlyList<string>, int, bool> startsName)
    {
        var clauses = new List<Clause>();
        var first = 0;
        var parenthesis = false;
        var sentence = true;
        for (var t = 1; t <= tokens.Count; t++)
        {
            var before = t < tokens.Count ? tokens[t].Before : Boundary.Sentence;
            if (before == Boundary.None || (before == Boundary.Soft && startsName(words, t)))
            {
                continue;
            }

            clauses.Add(new Clause(first, t - 1, parenthesis, sentence));
            first = t;
            parenthesis = before == Boundary.Parenthesis;
            sentence = before == Boundary.Sentence;
        }

        return clauses;
    }

    // word sequences that say the product named is not taken (lower case, as split)
    internal static readonly string[][] Markers =
    [
        ["denies"], ["denied"], ["denying"], ["stopped"], ["discontinued"], ["quit"], ["refused"], ["refuses"], ["declined"], ["declines"],
        ["not", "taking"], ["not", "using"], ["not", "used"], ["not", "currently", "taking"], ["no", "longer", "taking"], ["no", "longer", "takes"],
        ["does", "not", "take"], ["doesnt", "take"], ["does", "not", "use"], ["doesnt", "use"], ["did", "not", "take"], ["didnt", "take"],
        ["never", "taken"], ["never", "took"], ["never", "used"], ["quit", "taking"],
        ["do", "not", "give"], ["allergic", "to"], ["allergy", "to"],
        ["no", "la", "tomo"], ["no", "lo", "tomo"], ["no", "tomo"], ["no", "la", "toma"], ["no", "lo", "toma"], ["no", "toma"],
        ["ya", "no"], ["dejó", "de"], ["dejo", "de"],
    ];

    // words between a marker and its object: "stopped taking tramadol", "denies any use of kratom", "dejó de tomar"
    private static readonly HashSet<string> Fillers = new(StringComparer.Ordinal)
    {
        "taking", "using", "take", "takes", "took", "use", "uses", "used", "the", "a", "an", "his", "her", "my", "their",
        "its", "any", "of", "currently", "toma", "tomo", "tomar", "tomando", "usa", "uso", "usar", "la", "lo", "las",
        "los", "el", "de",
    };

    // a marker followed by one of these has no object of its own: "stopped 2 weeks ago", "not taking it", "stopped due to nausea"
    private static readonly HashSet<string> ScopeWords = new(StringComparer.Ordinal)
    {
        "ago", "years", "year", "yrs", "yr", "months", "month", "mos", "mo", "weeks", "week", "wks", "wk", "days", "day",
        "hours", "last", "since", "recently", "recent", "yesterday", "today", "now", "already", "on", "in", "at", "by",
        "due", "because", "bc", "after", "before", "per", "as", "when", "while", "about", "approx", "approximately",
        "around", "over", "earlier", "previously", "prior", "temporarily", "permanently", "completely", "this", "that",
        "it", "them", "these", "those", "both", "all", "everything", "meds", "med", "medication", "medications",
        "medicine", "medicines", "supplement", "supplements", "product", "products", "for", "from", "until", "till",
        "during", "then", "anymore", "x", "pt", "patient", "self", "own", "hace", "desde", "en", "por", "hoy", "ayer",
        "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july", "aug",
        "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december",
    };

    // a clause after a list of things not taken that holds one of these says what is taken: "…, takes tramadol"
    private static readonly HashSet<string> TakenWords = new(StringComparer.Ordinal)
    {
        "takes", "taking", "take", "uses", "using", "use", "started", "starting", "start", "began", "begun", "now",
        "currently", "still", "continues", "continuing", "continue", "on", "daily", "nightly", "weekly", "bid", "tid",
        "qid", "qd", "qhs", "hs", "prn", "toma", "tomo", "usa", "diario", "diariamente",
    };

    // a period after these is no sentence end: "St. John's wort", "Dr. Reddy's"
    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal)
    {
        "st", "dr", "mr", "mrs", "ms", "sr", "jr", "vs", "no", "approx", "e", "g", "i", "vit", "inc", "co", "ltd", "pt",
    };
}
