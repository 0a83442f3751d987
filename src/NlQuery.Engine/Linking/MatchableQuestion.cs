namespace NlQuery.Linking;

/// <summary>
/// A question prepared once for matching against many values: its stripped, lower-cased characters (BRIDGE's
/// "n-grams"), and a character histogram that rules values out cheaply before the exact comparison runs.
/// </summary>
internal sealed class MatchableQuestion
{
    private readonly int[] _asciiCounts = new int[128];
    private readonly Dictionary<char, int> _otherCounts = [];
    private readonly HashSet<char> _wordInitials = [];

    public MatchableQuestion(string question)
    {
        Text = question;
        var stripped = PythonText.Strip(question);
        Elements = new char[stripped.Length];
        for (var i = 0; i < stripped.Length; i++)
            Elements[i] = PythonText.Lower(stripped[i]);
        var lowered = PythonText.Lower(question);
        foreach (var c in lowered)
        {
            if (c < 128)
                _asciiCounts[c]++;
            else
                _otherCounts[c] = _otherCounts.GetValueOrDefault(c) + 1;
        }
        // Every span BRIDGE scores starts a word: at the start, or after a separator (or whitespace, which strip skips).
        // Indices into the stripped question are applied to the original, so leading whitespace voids this.
        HasLeadingWhitespace = stripped.Length > 0 && !question.StartsWith(stripped, StringComparison.Ordinal);
        for (var i = 0; i < Elements.Length; i++)
        {
            if (i == 0 || QuestionSpan.IsSeparator(Elements[i - 1]) || PythonText.IsSpace(Elements[i - 1]))
                _wordInitials.Add(Elements[i]);
        }
        // A span ending in "'s" scores 1 without the fuzzy ratio, so the histogram bound does not hold then.
        MayScoreByPossessive = lowered.Contains("'s", StringComparison.Ordinal);
    }

    public string Text { get; }

    public char[] Elements { get; }

    public bool MayScoreByPossessive { get; }

    public bool HasLeadingWhitespace { get; }

    /// <summary>Whether some word of the question starts with <paramref name="c"/> (lower-cased).</summary>
    public bool StartsSomeWord(char c) => _wordInitials.Contains(c);

    /// <summary>
    /// How many characters of <paramref name="value"/> the question could supply (the size of the multiset
    /// intersection): an upper bound on the LCS of the value with any span of the question.
    /// </summary>
    public int SharedCharacters(string value, int[] scratch)
    {
        var shared = 0;
        Dictionary<char, int>? otherUsed = null;
        foreach (var c in value)
        {
            if (c < 128)
            {
                if (scratch[c] < _asciiCounts[c])
                {
                    scratch[c]++;
                    shared++;
                }
            }
            else
            {
                otherUsed ??= [];
                var used = otherUsed.GetValueOrDefault(c);
                if (used < _otherCounts.GetValueOrDefault(c))
                {
                    otherUsed[c] = used + 1;
                    shared++;
                }
            }
        }
        foreach (var c in value)
        {
            if (c < 128)
                scratch[c] = 0;
        }
        return shared;
    }
}
