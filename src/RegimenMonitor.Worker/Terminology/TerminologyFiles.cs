using System.Globalization;

namespace RegimenMonitor.Worker.Terminology;

/// <summary>
/// Reads the official terminology files a deployment downloads — NLM RxNorm RRF (<c>RXNCONSO.RRF</c>,
/// <c>RXNREL.RRF</c>) and the FDA NDC directory (<c>product.txt</c>, <c>package.txt</c>) — into code → product text
/// entries. The texts are what the product normaliser reads ("sertraline 50 MG Oral Tablet", "Zoloft [sertraline
/// hydrochloride]"), so a code-only dispense maps to catalogue ingredients the same way a text would.
/// </summary>
internal static class TerminologyFiles
{
    /// <summary>RxNorm term types kept: drug products, packs, components, forms, ingredients and brand names.</summary>
    private static readonly Dictionary<string, int> TermTypeRank = new(StringComparer.Ordinal)
    {
        ["SCD"] = 0, ["SBD"] = 0, ["GPCK"] = 0, ["BPCK"] = 0, ["PSN"] = 1, ["SCDC"] = 2, ["SBDC"] = 2, ["SCDF"] = 2, ["SBDF"] = 2,
        ["SCDG"] = 3, ["SBDG"] = 3, ["MIN"] = 4, ["IN"] = 4, ["PIN"] = 4, ["BN"] = 4,
    };

    private static readonly HashSet<string> NameTermTypes = new(StringComparer.Ordinal) { "IN", "PIN", "MIN", "BN" };

    /// <summary>
    /// RxNorm: each RxCUI (SAB=RXNORM, English, not suppressed) with its best name; with <paramref name="rxnrel"/>, the
    /// ingredient and brand names reachable in two relationship steps are appended, so a code whose own name the
    /// catalogue does not know still maps through its ingredients.
    /// </summary>
    public static Dictionary<string, string> ReadRxNorm(TextReader rxnconso, TextReader? rxnrel)
    {
        ArgumentNullException.ThrowIfNull(rxnconso);
        var names = new Dictionary<string, (string Name, int Rank, string Tty)>(StringComparer.Ordinal);
        var number = 0;
        for (var line = rxnconso.ReadLine(); line is not null; line = rxnconso.ReadLine())
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            var f = RrfFields(line, "RXNCONSO", number, 18);

            if (f[0].Length is 0 or > 10 || !f[0].All(char.IsAsciiDigit))
            {
                throw new FormatException($"RXNCONSO line {number}: RXCUI (field 1) is not a number of 1 to 10 digits (an RxCUI, as an event's medication.rxnorm)");
            }

            if (f[11] != "RXNORM" || f[1] != "ENG" || f[16] is "O" or "Y" or "E" || !TermTypeRank.TryGetValue(f[12], out var rank))
            {
                continue;
            }

            var name = f[14].Trim();
            if (name.Length == 0)
            {
                throw new FormatException($"RXNCONSO line {number}: STR (field 15), the concept's name, is empty");
            }

            CheckName(name, "RXNCONSO", number, "STR (field 15)");
            if (!names.TryGetValue(f[0], out var existing) || rank < existing.Rank)
            {
                names[f[0]] = (name, rank, f[12]);
            }
        }

        var result = names.ToDictionary(n => n.Key, n => n.Value.Name, StringComparer.Ordinal);
        if (rxnrel is null)
        {
            return result;
        }

        var related = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        number = 0;
        for (var line = rxnrel.ReadLine(); line is not null; line = rxnrel.ReadLine())
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            var f = RrfFields(line, "RXNREL", number, 16);
            foreach (var (index, field) in new[] { (0, "RXCUI1 (field 1)"), (4, "RXCUI2 (field 5)") })
            {
                // empty in a relationship between atoms (STYPE AUI); otherwise an RxCUI, as in RXNCONSO
                if (f[index].Length > 0 && (f[index].Length > 10 || !f[index].All(char.IsAsciiDigit)))
                {
                    throw new FormatException($"RXNREL line {number}: {field} is not a number of 1 to 10 digits (an RxCUI, as an event's medication.rxnorm)");
                }
            }

            if (f[10] != "RXNORM" || f[14] is "O" or "Y" or "E" || f[0].Length == 0 || f[4].Length == 0)
            {
                continue;
            }

            Add(related, f[0], f[4]);
            Add(related, f[4], f[0]);
        }

        foreach (var (code, _) in names.Where(n => !NameTermTypes.Contains(n.Value.Tty)))
        {
            var extra = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var first in related.GetValueOrDefault(code) ?? [])
            {
                AddName(extra, names, first);
                foreach (var second in related.GetValueOrDefault(first) ?? [])
                {
                    AddName(extra, names, second);
                }
            }

            if (extra.Count > 0)
            {
                result[code] = $"{result[code]} [{string.Join(" / ", extra)}]";
            }
        }

        return result;
    }

    /// <summary>
    /// FDA NDC directory: every package NDC (11-digit 5-4-2 form, from <paramref name="package"/>) and product NDC
    /// (9-digit 5-4 form) with "NONPROPRIETARYNAME [PROPRIETARYNAME]" of its product.
    /// </summary>
    public static Dictionary<string, string> ReadNdc(TextReader product, TextReader? package)
    {
        ArgumentNullException.ThrowIfNull(product);
        var products = new Dictionary<string, string>(StringComparer.Ordinal);
        var header = Header(product.ReadLine(), "product.txt", "PRODUCTNDC", "PROPRIETARYNAME", "NONPROPRIETARYNAME");
        var number = 1;
        for (var line = product.ReadLine(); line is not null; line = product.ReadLine())
        {
            number++;
            var f = Fields(line, "product.txt", number, header);
            if (f is null)
            {
                continue;
            }

            var proprietary = f[header["PROPRIETARYNAME"]].Trim();
            var generic = f[header["NONPROPRIETARYNAME"]].Trim();
            CheckName(proprietary, "product.txt", number, "PROPRIETARYNAME", optional: true);
            CheckName(generic, "product.txt", number, "NONPROPRIETARYNAME", optional: true);
            var text = proprietary.Length == 0 || string.Equals(proprietary, generic, StringComparison.OrdinalIgnoreCase) ? generic
                : generic.Length == 0 ? proprietary
                : $"{generic} [{proprietary}]";
            var key = CanonicalProductNdc(f[header["PRODUCTNDC"]])
                ?? throw new FormatException($"product.txt line {number}: PRODUCTNDC is not a product NDC (labeler-product: 4-4, 5-3 or 5-4 digits, e.g. 0069-0001)");
            if (text.Length > 0)
            {
                products[key] = text;
            }
        }

        var result = new Dictionary<string, string>(products, StringComparer.Ordinal);
        if (package is null)
        {
            return result;
        }

        header = Header(package.ReadLine(), "package.txt", "PRODUCTNDC", "NDCPACKAGECODE");
        number = 1;
        for (var line = package.ReadLine(); line is not null; line = package.ReadLine())
        {
            number++;
            var f = Fields(line, "package.txt", number, header);
            if (f is null)
            {
                continue;
            }

            var productKey = CanonicalProductNdc(f[header["PRODUCTNDC"]])
                ?? throw new FormatException($"package.txt line {number}: PRODUCTNDC is not a product NDC (labeler-product: 4-4, 5-3 or 5-4 digits, e.g. 0069-0001)");
            var packageKey = CanonicalNdc(f[header["NDCPACKAGECODE"]])
                ?? throw new FormatException($"package.txt line {number}: NDCPACKAGECODE is not a package NDC (4-4-2, 5-3-2, 5-4-1 or 5-4-2 digits, e.g. 0069-0001-30)");
            // a package of a product product.txt does not list (another release, an excluded product): nothing to name it
            if (products.TryGetValue(productKey, out var text))
            {
                result[packageKey] = text;
            }
        }

        return result;
    }

    /// <summary>
    /// An RxNorm code as the terminology and the catalogue hold it: without the leading zeros a fixed-width feed pads it
    /// with ("0312938" is 312938). Kept as given, the padded code was another string than the concept's and mapped to
    /// nothing, so sertraline sent as "0312938" beside St John's wort raised no SER-09 (found by an independent edge
    /// probe); refusing it instead lost every event of such a feed, its stops included (found by a review). Anything
    /// else (blank, not digits, all zeros: the validator's to refuse) is returned as given.
    /// </summary>
    public static string? CanonicalRxNorm(string? code)
    {
        var trimmed = code?.Trim();
        return trimmed is { Length: > 1 } && trimmed[0] == '0' && trimmed.All(char.IsAsciiDigit) && trimmed.TrimStart('0') is { Length: > 0 } cui
            ? cui
            : code;
    }

    /// <summary>
    /// An NDC as feeds send it — 11 digits, or dashed 4-4-2, 5-3-2, 5-4-1 or 5-4-2 — as 11 digits (5-4-2); null when it
    /// cannot be read unambiguously (10 digits without dashes).
    /// </summary>
    public static string? CanonicalNdc(string? ndc)
    {
        if (string.IsNullOrWhiteSpace(ndc))
        {
            return null;
        }

        var parts = ndc.Trim().Split('-');
        if (parts.Length == 1)
        {
            return parts[0].Length == 11 && parts[0].All(char.IsAsciiDigit) ? parts[0] : null;
        }

        return parts.Length == 3 && parts.All(p => p.All(char.IsAsciiDigit)) && (parts[0].Length, parts[1].Length, parts[2].Length) is (4, 4, 2) or (5, 3, 2) or (5, 4, 1) or (5, 4, 2)
            ? string.Create(CultureInfo.InvariantCulture, $"{parts[0].PadLeft(5, '0')}{parts[1].PadLeft(4, '0')}{parts[2].PadLeft(2, '0')}")
            : null;
    }

    /// <summary>The labeler-product part (first 9 of the 11 digits) of an NDC, or of a dashed product NDC.</summary>
    public static string? CanonicalProductNdc(string? ndc)
    {
        if (string.IsNullOrWhiteSpace(ndc))
        {
            return null;
        }

        var parts = ndc.Trim().Split('-');
        return parts.Length switch
        {
            2 when parts.All(p => p.All(char.IsAsciiDigit)) && (parts[0].Length, parts[1].Length) is (4, 4) or (5, 3) or (5, 4) =>
                parts[0].PadLeft(5, '0') + parts[1].PadLeft(4, '0'),
            _ => CanonicalNdc(ndc)?[..9],
        };
    }

    private static void Add(Dictionary<string, List<string>> map, string from, string to) =>
        (map.TryGetValue(from, out var list) ? list : map[from] = []).Add(to);

    private static void AddName(SortedSet<string> names, Dictionary<string, (string Name, int Rank, string Tty)> all, string code)
    {
        if (all.TryGetValue(code, out var entry) && NameTermTypes.Contains(entry.Tty))
        {
            names.Add(entry.Name);
        }
    }

    /// <summary>
    /// The longest name kept: RxNorm's names are at most 3,000 characters (its STR column), the NDC directory's far
    /// shorter. A longer one is a damaged file.
    /// </summary>
    public const int MaxNameLength = 3000;

    /// <summary>
    /// A name becomes the product text the normaliser reads and care teams see, so it is held to the event contract's
    /// rules for text: a control character (NUL, an escape sequence, a tab in an RRF field), a line separator, a
    /// bidirectional control or an unpaired surrogate, a name with nothing visible (only spaces, U+200B, a blank
    /// filler) or one longer than <see cref="MaxNameLength"/> means a damaged file, refused naming the line, the field
    /// and the character, never the name. An empty name is refused unless <paramref name="optional"/> (the NDC
    /// directory may give a product only one of its two names).
    /// </summary>
    private static void CheckName(string name, string file, int number, string field, bool optional = false)
    {
        if ((name.Length > 0 || !optional) && NameProblem(name, field) is { } problem)
        {
            // "STR (field 15) must not contain control characters (U+0000 at character 7)"
            throw new FormatException($"{file} line {number}: {problem}");
        }
    }

    /// <summary>Why <paramref name="name"/> is no name import would keep (<see cref="CheckName"/>'s rules), or null; the map file is held to the same.</summary>
    internal static string? NameProblem(string name, string field) =>
        name.Length > MaxNameLength ? string.Create(CultureInfo.InvariantCulture, $"{field} is longer than {MaxNameLength} characters ({name.Length})")
        : Infrastructure.Messaging.EventContract.TextFailure(field, name)
          ?? (Infrastructure.Messaging.EventContract.HasVisibleText(name) ? null
              : $"{field} has no visible character (only spaces, invisible format characters or blank fillers)");

    /// <summary>
    /// An RRF row's fields: each field ends with '|' (RXNCONSO has 18, RXNREL 16), so a row splits into its fields and an
    /// empty string after the last. A row with another count would shift every field after the difference: an error
    /// naming its line.
    /// </summary>
    private static string[] RrfFields(string line, string file, int number, int count)
    {
        var f = line.Split('|');
        if (f.Length == count + 1 && f[count].Length == 0)
        {
            return f;
        }

        var found = f[^1].Length == 0 ? f.Length - 1 : f.Length;
        throw new FormatException(found == count
            ? $"{file} line {number}: expected {count} '|'-terminated fields, but the last does not end with '|'"
            : $"{file} line {number}: expected {count} '|'-terminated fields, found {found}");
    }

    /// <summary>A data row's tab-separated fields; null for a blank line; a row too short for the columns read is an error naming its line.</summary>
    private static string[]? Fields(string line, string file, int number, Dictionary<string, int> header)
    {
        if (line.Length == 0)
        {
            return null;
        }

        var f = line.Split('\t');
        var needed = header.Values.Max() + 1;
        return f.Length >= needed
            ? f
            : throw new FormatException($"{file} line {number}: expected at least {needed} tab-separated fields (as its header), found {f.Length}");
    }

    private static Dictionary<string, int> Header(string? line, string file, params string[] required)
    {
        if (line is null)
        {
            throw new FormatException($"{file}: the file is empty (it has no header line)");
        }

        var columns = line.Split('\t').Select((name, index) => (name.Trim().ToUpperInvariant(), index))
            .GroupBy(c => c.Item1).ToDictionary(g => g.Key, g => g.First().index, StringComparer.Ordinal);
        var missing = required.Where(r => !columns.ContainsKey(r)).ToList();
        return missing.Count == 0
            ? columns
            : throw new FormatException($"{file}: header lacks column(s) {string.Join(", ", missing)}");
    }
}
