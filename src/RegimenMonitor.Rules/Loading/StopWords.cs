using System.Collections.Frozen;

namespace RegimenMonitor.Rules.Loading;

/// <summary>Words ignored in product text: units, dose forms, release types, salt and packaging words.</summary>
internal static class StopWords
{
    public static readonly FrozenSet<string> All = new[]
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
}
