namespace NlQuery.Linking;

/// <summary>
/// How BRIDGE turns a shared substring into the question words it compares with a value: the substring must begin
/// at (or one character after) a separator, and a separator must follow within two characters of its end; the span between
/// those separators, trimmed of separators, is what gets scored.
/// </summary>
internal static class QuestionSpan
{
    public readonly record struct Span(int Start, int Length);

    public static readonly System.Buffers.SearchValues<char> Separators = System.Buffers.SearchValues.Create("'\"()`,.?! ");

    public static bool IsSeparator(char c) => Separators.Contains(c);

    /// <summary>The widened span of <c>text[start..end]</c>, or null when the substring starts or ends mid-word.</summary>
    public static Span? Widen(ReadOnlySpan<char> text, int start, int end)
    {
        // The start: the substring's first character if it is a separator, else the one before it, else the text's start.
        int first;
        if (IsSeparator(text[start]) || start == 0)
            first = start;
        else if (IsSeparator(text[start - 1]))
            first = start - 1;
        else
            return null;

        // The end: the first separator among the substring's last character and the three positions after it (so at most
        // two more word characters), or the text's end.
        var last = -1;
        for (var i = end - 1; i < end + 3; i++)
        {
            if (i >= text.Length)
            {
                last = i - 1;
                break;
            }
            if (IsSeparator(text[i]))
            {
                last = i;
                break;
            }
        }
        if (last < 0)
            return null;

        while (first < text.Length && IsSeparator(text[first]))
            first++;
        while (last >= 0 && IsSeparator(text[last]))
            last--;
        return new Span(first, last - first + 1);
    }

    /// <summary>
    /// Whether the first non-separator characters of the two texts agree (BRIDGE's prefix test). Python's loop
    /// leaves the index on the last character when every character is a separator; that is kept.
    /// </summary>
    public static bool StartsAlike(string a, string b)
    {
        var i = FirstNonSeparator(a);
        var j = FirstNonSeparator(b);
        if (i < a.Length && j < b.Length)
            return a[i] == b[j];
        return i >= a.Length && j >= b.Length;
    }

    private static int FirstNonSeparator(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (!IsSeparator(s[i]))
                return i;
        }
        return Math.Max(0, s.Length - 1);
    }
}
