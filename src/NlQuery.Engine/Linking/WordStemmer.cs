namespace NlQuery.Linking;

/// <summary>
/// A small, deterministic English stemmer for matching question words to schema names. It is deliberately
/// conservative (plurals, -ing, -ed and a trailing e): a wrong merge links unrelated tables, a missed one only
/// costs one signal among several.
/// </summary>
internal static class WordStemmer
{
    private static readonly Dictionary<string, string> Irregular = new(StringComparer.Ordinal)
    {
        ["people"] = "person", ["persons"] = "person", ["children"] = "child", ["men"] = "man", ["women"] = "woman",
        ["mice"] = "mouse", ["feet"] = "foot", ["teeth"] = "tooth", ["geese"] = "goose", ["data"] = "datum",
        ["criteria"] = "criterion", ["media"] = "medium", ["indices"] = "index", ["matrices"] = "matrix",
        ["analyses"] = "analysis", ["theses"] = "thesis", ["crises"] = "crisis", ["staves"] = "staff",
        ["wives"] = "wife", ["lives"] = "life", ["knives"] = "knife", ["leaves"] = "leaf", ["halves"] = "half",
    };

    /// <summary>Words that end like plurals or participles but are not (left unchanged).</summary>
    private static readonly HashSet<string> Invariant = new(StringComparer.Ordinal)
    {
        "series", "species", "news", "status", "census", "campus", "bus", "gas", "alias", "canvas", "bias", "thus",
        "this", "his", "is", "was", "has", "does", "yes", "us", "as", "its", "address", "class", "less", "process",
        "business", "access", "success", "boss", "gross", "loss", "mass", "pass", "glass", "chess", "dress",
        "headquarters", "analysis", "basis", "thesis", "axis", "crisis", "tennis", "physics", "mathematics",
        "economics", "politics", "statistics", "athletics", "gymnastics", "always", "sometimes", "perhaps",
        "during", "nothing", "something", "anything", "everything", "thing", "king", "ring", "wing", "string",
        "spring", "bring", "sing", "building", "ceiling", "morning", "evening", "wedding", "pudding",
        "need", "feed", "seed", "speed", "breed", "bed", "red", "shed", "hundred", "bred", "united",
    };

    public static string Stem(string word)
    {
        if (word.Length <= 3 || Invariant.Contains(word) || !word.All(char.IsAsciiLetterLower))
            return word;
        if (Irregular.TryGetValue(word, out var singular))
            return singular;
        var stem = StripPlural(word);
        stem = StripVerbEnding(stem);
        // "rate"/"rated"/"rating" all end up as "rat": drop the silent e that -ed/-ing removed elsewhere.
        if (stem.Length > 3 && stem[^1] == 'e')
            stem = stem[..^1];
        // "-ies" is the plural of "-y" (countries) and of "-ie" (movies): y and ie become one ending, i.
        if (stem.Length > 3 && stem[^1] == 'y')
            stem = stem[..^1] + "i";
        return stem;
    }

    private static string StripPlural(string word)
    {
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
            return word[..^3] + "y";
        if (word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal)
            || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal)
            || word.EndsWith("zes", StringComparison.Ordinal))
            return word[..^2];
        if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal)
            && !word.EndsWith("is", StringComparison.Ordinal))
            return word[..^1];
        return word;
    }

    private static string StripVerbEnding(string word)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["ing", "ed"])
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal)
                && word[..^suffix.Length].Any(IsVowel))
            {
                var stem = word[..^suffix.Length];
                // "stopped" → "stop", "running" → "run": undo a doubled final consonant.
                if (stem.Length > 3 && stem[^1] == stem[^2] && !IsVowel(stem[^1]) && stem[^1] is not ('l' or 's' or 'z'))
                    stem = stem[..^1];
                return stem;
            }
        }
        return word;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
}
