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
    private readonly bool[] _asciiInitials = new bool[128];
    private readonly int[]?[] _asciiWordStarts = new int[]?[128];
    private readonly int[] _asciiAlphabet = new int[128];
    private readonly Dictionary<char, int> _otherAlphabet = [];
    private readonly int _alphabetSize;
    private readonly int[] _prefixCounts; // [(i * alphabet) + letter]: occurrences of letter in Elements[0..i)

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
            if (c is > '\0' and < (char)128)
                _asciiInitials[c] = true;
            if (!_wordStarts.TryGetValue(c, out var positions))
                _wordStarts[c] = positions = [];
            positions.Add(i);
        }
        foreach (var (c, positions) in _wordStarts)
        {
            if (c < 128)
                _asciiWordStarts[c] = positions.ToArray();
        }
        Array.Fill(_asciiAlphabet, -1);
        foreach (var c in Elements)
        {
            if (AlphabetIndex(c) >= 0)
                continue;
            if (c < 128)
                _asciiAlphabet[c] = _alphabetSize++;
            else
                _otherAlphabet[c] = _alphabetSize++;
        }
        _prefixCounts = new int[(Elements.Length + 1) * _alphabetSize];
        for (var i = 0; i < Elements.Length; i++)
        {
            Array.Copy(_prefixCounts, i * _alphabetSize, _prefixCounts, (i + 1) * _alphabetSize, _alphabetSize);
            _prefixCounts[(i + 1) * _alphabetSize + AlphabetIndex(Elements[i])]++;
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

    /// <summary>Whether some word of the question starts with <paramref name="c"/> (lower-cased); never for U+0000.</summary>
    public bool StartsSomeWord(char c) => c < 128 ? _asciiInitials[c] : _wordStarts.ContainsKey(c);

    /// <summary>
    /// Whether some word start holding <paramref name="first"/> is followed, within <paramref name="window"/>
    /// characters, by at least <paramref name="needed"/> of the value's characters (given as distinct characters
    /// and their counts).
    /// </summary>
    public bool MaySupplyNearWordStart(ReadOnlySpan<char> characters, ReadOnlySpan<int> counts, char first, int window, double needed)
    {
        var starts = first < 128 ? _asciiWordStarts[first] : _wordStarts.GetValueOrDefault(first)?.ToArray();
        if (starts is null)
            return false;
        foreach (var start in starts)
        {
            var end = Math.Min(Elements.Length, start + window);
            if (end - start < needed)
                continue;
            // Counts in the window come from prefix counts over the question's own alphabet: O(1) per character.
            var shared = 0;
            var from = start * _alphabetSize;
            var to = end * _alphabetSize;
            for (var i = 0; i < characters.Length; i++)
            {
                var letter = AlphabetIndex(characters[i]);
                if (letter < 0)
                    continue;
                var inWindow = _prefixCounts[to + letter] - _prefixCounts[from + letter];
                shared += Math.Min(inWindow, counts[i]);
            }
            if (shared >= needed)
                return true;
        }
        return false;
    }

    private int AlphabetIndex(char c) => c < 128 ? _asciiAlphabet[c] : _otherAlphabet.GetValueOrDefault(c, -1);

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
