namespace NlQuery.Linking;

/// <summary>
/// A question prepared once for matching against many values: its stripped, lower-cased characters (BRIDGE's
/// "n-grams"), and the facts that let most values be ruled out without running the exact comparison.
/// </summary>
/// <remarks>
/// Outside the "'s" rule a value scores above zero only through the fuzzy ratio with a question span that starts a
/// word with the value's first letter (BRIDGE's prefix test). A ratio of θ needs an LCS of at least θ·|v|/(2−θ) and a
/// span of at most |v|·(2−θ)/θ characters. So a value can match only if, at some word start of the question that
/// begins with its first letter, the next |v|·(2−θ)/θ characters supply θ·|v|/(2−θ) of its characters. Checking that
/// costs a few operations per value and never rejects a value BRIDGE would accept. Two of BRIDGE's quirks void the
/// positional argument (then only the whole-question character bound is used): leading whitespace, whose stripped
/// indices are applied to the unstripped question, and whitespace other than spaces, which can open a span.
/// </remarks>
internal sealed class MatchableQuestion
{
    private readonly int[] _asciiCounts = new int[128];
    private readonly Dictionary<char, int> _otherCounts = [];
    private readonly Dictionary<char, List<int>> _wordStarts = [];

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
        for (var i = 0; i < Elements.Length; i++)
        {
            if (i > 0 && !QuestionSpan.IsSeparator(Elements[i - 1]) && !PythonText.IsSpace(Elements[i - 1]))
                continue;
            var c = Elements[i];
            if (!_wordStarts.TryGetValue(c, out var positions))
                _wordStarts[c] = positions = [];
            positions.Add(i);
        }
        // A span ending in "'s" scores 1 without the fuzzy ratio: no bound holds then.
        MayScoreByPossessive = lowered.Contains("'s", StringComparison.Ordinal);
        HasLeadingWhitespace = stripped.Length > 0 && !question.StartsWith(stripped, StringComparison.Ordinal);
        HasOtherWhitespace = Elements.Any(c => c != ' ' && PythonText.IsSpace(c));
    }

    public string Text { get; }

    public char[] Elements { get; }

    public bool MayScoreByPossessive { get; }

    public bool HasLeadingWhitespace { get; }

    public bool HasOtherWhitespace { get; }

    /// <summary>The distinct (lower-cased) characters that start a word of the question.</summary>
    public IEnumerable<char> WordInitials => _wordStarts.Keys;

    /// <summary>
    /// Whether some word start holding <paramref name="first"/> is followed, within <paramref name="window"/>
    /// characters, by at least <paramref name="needed"/> of <paramref name="value"/>'s characters.
    /// </summary>
    public bool MaySupplyNearWordStart(string value, char first, int window, double needed, int[] scratch)
    {
        if (!_wordStarts.TryGetValue(first, out var starts))
            return false;
        foreach (var start in starts)
        {
            var end = Math.Min(Elements.Length, start + window);
            if (end - start < needed)
                continue;
            if (Shared(value, start, end, scratch) >= needed)
                return true;
        }
        return false;
    }

    private int Shared(string value, int start, int end, int[] scratch)
    {
        Dictionary<char, int>? other = null;
        for (var i = start; i < end; i++)
        {
            var c = Elements[i];
            if (c < 128)
                scratch[c]++;
            else
            {
                other ??= [];
                other[c] = other.GetValueOrDefault(c) + 1;
            }
        }
        var shared = 0;
        foreach (var c in value)
        {
            if (c < 128)
            {
                if (scratch[c] > 0)
                {
                    scratch[c]--;
                    shared++;
                }
            }
            else if (other is not null && other.GetValueOrDefault(c) > 0)
            {
                other[c]--;
                shared++;
            }
        }
        for (var i = start; i < end; i++)
        {
            if (Elements[i] < 128)
                scratch[Elements[i]] = 0;
        }
        return shared;
    }

    /// <summary>
    /// How many characters of <paramref name="value"/> the whole question could supply (the size of the multiset
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
