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
    }

    public string Value { get; }

    public char[] Elements { get; }

    public string Normalized { get; }

    /// <summary>Null unless the value has 200 characters or more and some character occurs in over 1 % of them.</summary>
    public HashSet<char>? Popular { get; }
}
