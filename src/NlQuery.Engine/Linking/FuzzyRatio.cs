namespace NlQuery.Linking;

/// <summary>
/// The similarity BRIDGE uses to accept a value (rapidfuzz's <c>fuzz.ratio</c>): the normalised Indel similarity
/// 2·LCS/(|a|+|b|)·100, where LCS is the longest common subsequence. Computed exactly, in that operation order, so
/// scores on a threshold's edge round as they do in the reference.
/// </summary>
public static class FuzzyRatio
{
    /// <summary>The ratio in [0, 100]; two empty strings are identical (100).</summary>
    public static double Compute(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length + b.Length == 0)
            return 100;
        return 2 * LongestCommonSubsequence(a, b) / (double)(a.Length + b.Length) * 100;
    }

    /// <summary>The length of the longest common subsequence of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static int LongestCommonSubsequence(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length < b.Length)
        {
            var t = a;
            a = b;
            b = t;
        }
        if (b.Length == 0)
            return 0;
        // One row of the classic table, over the shorter string.
        Span<int> row = b.Length <= 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        row.Clear();
        for (var i = 0; i < a.Length; i++)
        {
            var diagonal = 0;
            for (var j = 0; j < b.Length; j++)
            {
                var above = row[j + 1];
                row[j + 1] = a[i] == b[j] ? diagonal + 1 : Math.Max(above, row[j]);
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
