namespace NlQuery.Linking;

/// <summary>
/// A value prepared for BRIDGE matching: its characters lower-cased one by one after stripping (the sequence the
/// longest-common-substring search runs on), its whole lower-cased stripped form, and the characters that
/// difflib's "autojunk" heuristic treats as too popular to start a match with.
/// </summary>
internal sealed class MatchableValue
{
    public MatchableValue(string value)
    {
        Value = value;
        var stripped = PythonText.Strip(value);
        Elements = new char[stripped.Length];
        for (var i = 0; i < stripped.Length; i++)
            Elements[i] = PythonText.Lower(stripped[i]);
        Normalized = PythonText.Strip(PythonText.Lower(value));
        Popular = LongestCommonSubstring.FindPopular(Elements);
        var first = Normalized.AsSpan().IndexOfAnyExcept(QuestionSpan.Separators);
        FirstLetter = first >= 0 ? Normalized[first] : null;
        var counts = new Dictionary<char, int>();
        foreach (var c in Normalized)
            counts[c] = counts.GetValueOrDefault(c) + 1;
        DistinctCharacters = counts.Keys.ToArray();
        DistinctCounts = counts.Values.ToArray();
    }

    public string Value { get; }

    public char[] Elements { get; }

    public string Normalized { get; }

    /// <summary>The first character of <see cref="Normalized"/> that is not a separator: the one BRIDGE's prefix test compares.</summary>
    public char? FirstLetter { get; }

    /// <summary>The distinct characters of <see cref="Normalized"/> and how often each occurs (for the prefilter).</summary>
    public char[] DistinctCharacters { get; }

    public int[] DistinctCounts { get; }

    /// <summary>Null unless the value has 200 characters or more and some character occurs in over 1 % of them.</summary>
    public HashSet<char>? Popular { get; }
}
