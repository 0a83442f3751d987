namespace NlQuery.Linking;

/// <summary>
/// Function words that say nothing about which table a question is about. Removed from questions, and from names
/// only where a name has other words ("singer_in_concert" keeps singer and concert).
/// </summary>
internal static class StopWords
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "not", "no", "nor",
        "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "have", "has", "had",
        "what", "which", "who", "whom", "whose", "where", "how", "why", "that", "this", "these", "those", "there",
        "it", "its", "they", "them", "their", "theirs", "he", "she", "his", "her", "him", "we", "us", "our", "you",
        "your", "i", "me", "my", "all", "each", "every", "any", "some", "both", "either", "neither", "than", "then",
        "as", "also", "only", "just", "such", "so", "if", "into", "onto", "out", "up", "down", "over", "under",
        "about", "between", "among", "per", "via", "can", "could", "would", "should", "will", "shall", "may", "might",
        "must", "show", "list", "give", "find", "return", "tell", "display", "get", "provide", "please", "many", "much",
        "more", "most", "less", "least", "few", "fewer", "other", "another", "same", "different", "distinct", "whole",
        "s", "t", "e", "g", "etc", "one", "ones", "s", "those", "whose", "whether", "along", "together", "respectively",
        "corresponding", "sorted", "sort", "ordered", "descending", "ascending", "alphabetical", "alphabetically",
    };

    /// <summary>
    /// Words that mostly ask for an aggregate ("the number of", "total", "average") rather than name a column; they
    /// still match ("phone number"), but weakly.
    /// </summary>
    private static readonly HashSet<string> Weak = new(StringComparer.Ordinal)
    {
        "number", "count", "total", "average", "avg", "sum", "maximum", "minimum", "max", "min", "largest", "smallest",
        "biggest", "greatest", "highest", "lowest", "top", "bottom", "value", "values", "record", "records", "entry",
        "entries", "info", "information", "detail", "details", "id", "ids", "type", "types",
    };

    public static bool Contains(string word) => Words.Contains(word);

    public static bool IsWeak(string word) => Weak.Contains(word);
}
