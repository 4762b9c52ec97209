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
        var anyIgnored = false; // a marker that governed no name here, or that a later "resumed" or "back on it" took back
        for (var c = 0; c < clauses.Count; c++)
        {
            var clause = clauses[c];
            for (var k = clause.First; k <= clause.Last; k++)
            {
                var marker = MarkerAt(words, k, clause.Last, out var kind);
                if (marker == 0)
                {
                    continue;
                }

                var objectAt = k + marker;
                while (objectAt <= clause.Last && Fillers.Contains(words[objectAt]))
                {
                    objectAt++;
                }

                var before = k > clause.First && names(text[tokens[clause.First].Start..tokens[k].Start]);
                var after = objectAt <= clause.Last && names(text[tokens[objectAt].Start..tokens[clause.Last].End]);
                var objectless = objectAt > clause.Last || IsScopeWord(words[objectAt]);
                var parenthesis = clause.OpenedByParenthesis && c > 0 && names(Span(text, tokens, clauses[c - 1]));
                if (Ignored(kind, words, clause, k, marker, after, before, objectless, parenthesis, startsName)
                    || Resumed(text, tokens, words, clauses, c, k + marker, names))
                {
                    anyIgnored = true; // "ex-lax", "melatonin used to help sleep", "kratom - stopped then resumed"
                    continue;
                }

                anyMarker = true;
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
                else if (parenthesis)
                {
                    drop[c] = true; // "sertraline (stopped)", "tramadol 50 mg (patient refused)"
                    drop[c - 1] = true;
                }
                else if (c > 0 && drop[c - 1] && !clause.Sentence && !names(Span(text, tokens, clause)))
                {
                    drop[c] = true; // "history of kratom use disorder, abstinent since 2024": says again what the clause before said
                }
                else
                {
                    return null; // "St John's wort, stopped": stopped what?
                }
            }
        }

        if (!anyMarker)
        {
            // a marker across a clause's end ("not / taking"): unclear; markers that governed nothing here: the text as written
            return anyIgnored ? text : null;
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
    internal static int MarkerAt(IReadOnlyList<string> words, int at, int last) => MarkerAt(words, at, last, out _);

    /// <summary>
    /// The length of the marker at <paramref name="at"/> that ends within the clause (0 when there is none) and its kind.
    /// A stop that is only intended ("trying to quit", "wants to quit", "refuses to stop") is no marker: the product is
    /// still taken; nor is "past" before a span of time ("for the past 3 months") or "prior to".
    /// </summary>
    private static int MarkerAt(IReadOnlyList<string> words, int at, int last, out MarkerKind kind)
    {
        var longest = 0;
        kind = MarkerKind.Full;
        foreach (var (marker, markerKind) in Markers)
        {
            if (marker.Length > longest && at + marker.Length - 1 <= last && Matches(words, at, marker))
            {
                longest = marker.Length;
                kind = markerKind;
            }
        }

        if (longest == 0)
        {
            return 0;
        }

        if (EndsWithAny(words, at, Intentions))
        {
            return 0; // "kratom - trying to quit", "wants to quit kratom": still taken
        }

        var next = at + longest < words.Count ? words[at + longest] : "";
        if (words[at] is "refuses" or "refused" or "declines" or "declined" && next == "to"
            && at + longest + 1 < words.Count && StopVerbs.Contains(words[at + longest + 1]))
        {
            return 0; // "refuses to stop St John's wort": still taken
        }

        if (words[at] == "past" && (TimeWords.Contains(next) || (next.Length > 0 && char.IsDigit(next[0]))
            || (at >= 2 && words[at - 1] == "the" && words[at - 2] is "for" or "over" or "within" or "during")
            || (at > 0 && (words[at - 1] is "for" or "over" or "within" or "during" or "in" or "get" or "gets" or "getting" or "got" || NumberWords.Contains(next)))))
        {
            return 0; // "kratom daily for the past 3 months", "for past two years", "to help get past winter blues"
        }

        if (words[at] == "prior" && next == "to")
        {
            return 0; // "prior to breakfast"
        }

        if (words[at] == "off" && at > 0 && (OngoingOff.Contains(words[at - 1]) || (BaseOff.Contains(words[at - 1]) && EndsWithAny(words, at - 1, Intentions))))
        {
            return 0; // "tapering off sertraline", "trying to get off kratom", "unable to come off sertraline": still taken (a review)
        }

        if (words[at] == "no" && longest == 2 && words[at + 1] == "longer" && next == "than")
        {
            return 0; // "no longer than 8 weeks"
        }


        return longest;
    }

    /// <summary>Whether the words just before <paramref name="at"/> are one of <paramref name="phrases"/>.</summary>
    private static bool EndsWithAny(IReadOnlyList<string> words, int at, string[][] phrases)
    {
        foreach (var phrase in phrases)
        {
            if (at >= phrase.Length && Matches(words, at - phrase.Length, phrase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a marker of a weaker kind governs no name here and is read as no marker: "former", "ex", "previously",
    /// "prior", "not on", "off", "negative for", "history of" only with a name after them ("ex-kratom user", "previously
    /// on St John's wort"; not "melatonin, previously 5 mg", "Ex-Lax"); "none", "historical", "abstinent" only with a name
    /// after, before ("kratom: none") or before their parenthesis ("kratom (historical)"); a past use ("used", "took",
    /// "was taking") only with a name after and a time long past in its clause ("used 5-HTP last year", "took tryptophan
    /// years ago"; not "took tramadol last night").
    /// </summary>
    private static bool Ignored(MarkerKind kind, List<string> words, Clause clause, int at, int length, bool after, bool before, bool objectless, bool parenthesis,
        Func<IReadOnlyList<string>, int, bool> startsName) => kind switch
        {
            MarkerKind.Full => false,
            MarkerKind.Forward => !after || startsName(words, at),
            MarkerKind.Named => startsName(words, at)
                || !(after || (objectless && before && NameAlone(words, clause, at)) || (objectless && parenthesis && MarkerAlone(words, clause, at, length))),
            MarkerKind.PastUse => !after || startsName(words, at) || !LongPast(words, clause),
            _ => true,
        };

    /// <summary>
    /// Whether the words before a "none" or "abstinent" in its clause are a name alone ("kratom: none", "St John's wort -
    /// none"): no number, at most four words. Not "Sertraline 50mg #30 refills: none" or "side effects: none" (a review:
    /// such a text blanked the product it was about).
    /// </summary>
    private static bool NameAlone(List<string> words, Clause clause, int at) =>
        at - clause.First <= 4 && !Enumerable.Range(clause.First, at - clause.First).Any(w => char.IsDigit(words[w][0]));

    /// <summary>Whether the marker is all its parenthesis says, but for fillers: "kratom (none)", "kratom (historical use)".</summary>
    private static bool MarkerAlone(List<string> words, Clause clause, int at, int length)
    {
        for (var w = clause.First; w <= clause.Last; w++)
        {
            if ((w < at || w >= at + length) && !Fillers.Contains(words[w]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the clause says when, long ago: "years ago", "last year", "last winter", "in the past", "until 2024".</summary>
    private static bool LongPast(List<string> words, Clause clause)
    {
        for (var w = clause.First; w <= clause.Last; w++)
        {
            var word = words[w];
            var previous = w > clause.First ? words[w - 1] : "";
            if ((word == "ago" && previous is "years" or "year" or "yrs" or "yr" or "months" or "month" or "mos" or "decades" or "decade")
                || (previous == "last" && word is "year" or "yr" or "winter" or "summer" or "spring" or "fall" or "autumn")
                || word is "until" or "till" or "past"
                || (word.Length == 4 && (word.StartsWith("19", StringComparison.Ordinal) || word.StartsWith("20", StringComparison.Ordinal))
                    && word.All(char.IsDigit) && previous is "in" or "until" or "till" or "before"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a later word of the sentence says the product the marker governs is taken again or still: "kratom - stopped
    /// then resumed", "St John's wort (stopped for 2 days, back on it)", "history of kratom use, still using". Such a
    /// phrase with a name of its own ("stopped sertraline; restarted tramadol") says that product is taken, not the other.
    /// </summary>
    private static bool Resumed(string text, List<Token> tokens, List<string> words, List<Clause> clauses, int c, int from, Func<string, bool> names)
    {
        // the rest of the text: a resumption in a later sentence counts too ("Sertraline stopped Jan 2024. Restarted March
        // 2024."), unless it names a product of its own
        for (var n = c; n < clauses.Count; n++)
        {
            var clause = clauses[n];
            for (var r = n == c ? from : clause.First; r <= clause.Last; r++)
            {
                var length = 0;
                foreach (var phrase in Resumptions)
                {
                    if (phrase.Length > length && r + phrase.Length - 1 <= clause.Last && Matches(words, r, phrase))
                    {
                        length = phrase.Length;
                    }
                }

                if (length == 0 && words[r] is "now" or "currently" or "still" && r < clause.Last
                    && (char.IsDigit(words[r + 1][0]) || Frequencies.Contains(words[r + 1])))
                {
                    length = 1; // "now 100 mg daily": the dose is no product of its own
                }

                var end = r + length;
                if (length == 0 || (words[end - 1] == "on" && end <= clause.Last && words[end] == "track"))
                {
                    continue; // "back on track"
                }

                var named = (end <= clause.Last && names(text[tokens[end].Start..tokens[clause.Last].End]))
                    || (n != c && r > clause.First && names(text[tokens[clause.First].Start..tokens[r].Start]));
                if (!named)
                {
                    return true;
                }
            }
        }

        return false;
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

            if (c == '/' && start >= 0 && word.Length == 1 && word[0] == 'd' && i + 1 < text.Length && text[i + 1] is 'c' or 'C')
            {
                continue; // "d/c'd" is one word, "dcd", as the normaliser's words read it ("d", "cd")
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

    private enum MarkerKind
    {
        Full, // governs as the remarks say
        Forward, // only with a name after it: "former kratom user", "previously on St John's wort", "ex-kratom user"
        Named, // only with a name after, before, or before its parenthesis: "kratom: none", "kratom (historical)"
        PastUse, // "used", "took", "was taking": only with a name after and a time long past ("used 5-HTP last year")
    }

    // word sequences that say the product named is not taken (lower case, as split)
    private static readonly (string[] Words, MarkerKind Kind)[] Markers =
    [
        .. Full(
            ["denies"], ["denied"], ["denying"], ["stopped"], ["discontinued"], ["quit"], ["refused"], ["refuses"], ["declined"], ["declines"],
            ["not", "taking"], ["not", "using"], ["not", "used"], ["not", "currently", "taking"], ["no", "longer", "taking"], ["no", "longer", "takes"],
            ["no", "longer"], ["does", "not", "take"], ["doesnt", "take"], ["does", "not", "use"], ["doesnt", "use"], ["did", "not", "take"], ["didnt", "take"],
            ["never", "taken"], ["never", "took"], ["never", "used"], ["quit", "taking"], ["used", "to", "take"], ["used", "to", "use"], ["used", "to", "be", "on"],
            ["dcd"], ["dced"], ["d", "cd"], ["d", "ced"], ["past"],
            ["do", "not", "give"], ["allergic", "to"], ["allergy", "to"],
            ["no", "la", "tomo"], ["no", "lo", "tomo"], ["no", "tomo"], ["no", "la", "toma"], ["no", "lo", "toma"], ["no", "toma"],
            ["ya", "no"], ["dejó", "de"], ["dejo", "de"]),
        .. Of(MarkerKind.Forward,
            ["ex"], ["former"], ["formerly"], ["previously"], ["prior"], ["not", "on"], ["off"], ["negative", "for"], ["history", "of"], ["hx", "of"]),
        .. Of(MarkerKind.Named, ["none"], ["historical"], ["historically"], ["abstinent"]),
        .. Of(MarkerKind.PastUse,
            ["used"], ["took"], ["was", "taking"], ["was", "using"], ["was", "on"], ["were", "taking"], ["had", "taken"], ["had", "been", "taking"],
            ["had", "been", "on"]),
    ];

    private static (string[], MarkerKind)[] Full(params string[][] markers) => Of(MarkerKind.Full, markers);

    private static (string[], MarkerKind)[] Of(MarkerKind kind, params string[][] markers) => [.. markers.Select(m => (m, kind))];

    // words before a stop that only intends it: "trying to quit", "wants to quit", "unable to quit" (the product is taken)
    private static readonly string[][] Intentions =
    [
        ["trying", "to"], ["try", "to"], ["tries", "to"], ["tried", "to"], ["wants", "to"], ["want", "to"], ["wanting", "to"], ["wanted", "to"],
        ["plans", "to"], ["plan", "to"], ["planning", "to"], ["hoping", "to"], ["hopes", "to"], ["hope", "to"], ["going", "to"], ["about", "to"],
        ["like", "to"], ["intends", "to"], ["intend", "to"], ["intending", "to"], ["attempting", "to"], ["attempts", "to"], ["unable", "to"],
        ["not", "able", "to"], ["needs", "to"], ["need", "to"], ["wishes", "to"], ["wish", "to"], ["ready", "to"], ["advised", "to"], ["told", "to"],
        ["asked", "to"], ["encouraged", "to"], ["counseled", "to"], ["counselled", "to"], ["failed", "to"], ["refuses", "to"], ["refused", "to"],
        ["declines", "to"], ["declined", "to"], ["will"], ["would"], ["should"], ["might"], ["cant"], ["cannot"], ["could", "not"], ["couldnt"],
        ["considering"], ["thinking", "about"], ["thinking", "of"],
    ];

    // what a refusal is a refusal of when the product stays taken: "refuses to stop", "declined to come off it"
    private static readonly HashSet<string> StopVerbs = new(StringComparer.Ordinal)
    {
        "stop", "quit", "discontinue", "give", "cut", "taper", "come", "go", "wean", "reduce",
    };

    // a stop under way, or one only intended after these (with an intention before them): "tapering off", "trying to get off"
    private static readonly HashSet<string> OngoingOff = new(StringComparer.Ordinal) { "tapering", "weaning", "coming", "getting", "trying", "cutting" };

    private static readonly HashSet<string> BaseOff = new(StringComparer.Ordinal) { "get", "come", "taper", "wean", "go", "be" };

    // number words after "past" ("for the past two years"): a span of time, no past use
    private static readonly HashSet<string> NumberWords = new(StringComparer.Ordinal)
    {
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty", "thirty",
    };

    // spans of time after "past" ("for the past 3 months", "in the past week"): no past use
    private static readonly HashSet<string> TimeWords = new(StringComparer.Ordinal)
    {
        "year", "years", "yr", "yrs", "month", "months", "mo", "mos", "week", "weeks", "wk", "wks", "day", "days", "night", "nights",
        "hour", "hours", "few", "several", "couple", "many", "while", "decade", "decades",
    };

    // words after a marker that say the product is taken again or still
    private static readonly string[][] Resumptions =
    [
        ["resumed"], ["resumes"], ["resuming"], ["restarted"], ["restarts"], ["restarting"], ["re", "started"], ["back", "on"],
        ["started", "again"], ["starting", "again"], ["taking", "again"], ["takes", "again"], ["using", "again"], ["uses", "again"],
        ["still", "taking"], ["still", "takes"], ["still", "using"], ["still", "uses"], ["still", "on"],
        ["currently", "taking"], ["currently", "takes"], ["currently", "using"], ["currently", "uses"], ["currently", "on"],
        ["now", "taking"], ["now", "takes"], ["now", "using"], ["now", "uses"], ["now", "on"], ["continues"], ["continuing"], ["continued"],
        ["continue"], ["ongoing"],
    ];

    // after "now", "currently" or "still", a dose or a frequency says the product is taken: "now 100 mg daily", "currently daily"
    private static readonly HashSet<string> Frequencies = new(StringComparer.Ordinal)
    {
        "daily", "nightly", "weekly", "bid", "tid", "qid", "qd", "qhs", "prn", "twice", "once", "every", "each", "occasionally", "sometimes",
    };

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
        "qid", "qd", "qhs", "hs", "prn", "toma", "tomo", "usa", "diario", "diariamente", "resumed", "restarted", "again",
    };

    // a period after these is no sentence end: "St. John's wort", "Dr. Reddy's"
    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal)
    {
        "st", "dr", "mr", "mrs", "ms", "sr", "jr", "vs", "no", "approx", "e", "g", "i", "vit", "inc", "co", "ltd", "pt",
    };
}
