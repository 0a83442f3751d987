namespace NlQuery.Linking;

/// <summary>
/// The longest common substring as Python's <c>difflib.SequenceMatcher(None, a, b).find_longest_match</c> finds it,
/// including its tie-breaking (earliest in <c>a</c>, then earliest in <c>b</c>) and its default "autojunk": when
/// <c>b</c> has 200 or more elements, elements occurring more than <c>len(b)/100 + 1</c> times cannot start or
/// continue the core match, though the match is then extended over equal neighbours of any kind.
/// </summary>
internal static class LongestCommonSubstring
{
    public readonly record struct Block(int A, int B, int Size);

    public static HashSet<char>? FindPopular(ReadOnlySpan<char> b)
    {
        if (b.Length < 200)
            return null;
        var limit = b.Length / 100 + 1;
        var counts = new Dictionary<char, int>();
        foreach (var c in b)
            counts[c] = counts.GetValueOrDefault(c) + 1;
        var popular = counts.Where(p => p.Value > limit).Select(p => p.Key).ToHashSet();
        return popular.Count == 0 ? null : popular;
    }

    public static Block Find(ReadOnlySpan<char> a, ReadOnlySpan<char> b, HashSet<char>? popular = null)
    {
        int bestA = 0, bestB = 0, bestSize = 0;
        if (b.Length > 0)
        {
            // runs[j + 1]: length of the common run ending at a[i - 1], b[j] (previous row) / a[i], b[j] (this row).
            Span<int> previous = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
            Span<int> current = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
            previous.Clear();
            for (var i = 0; i < a.Length; i++)
            {
                var c = a[i];
                var usable = popular is null || !popular.Contains(c);
                for (var j = 0; j < b.Length; j++)
                {
                    if (usable && b[j] == c)
                    {
                        var k = previous[j] + 1;
                        current[j + 1] = k;
                        if (k > bestSize)
                        {
                            bestA = i - k + 1;
                            bestB = j - k + 1;
                            bestSize = k;
                        }
                    }
                    else
                    {
                        current[j + 1] = 0;
                    }
                }
                var swap = previous;
                previous = current;
                current = swap;
            }
        }
        // Extend over equal neighbours; with no junk function every element counts as "not junk" here.
        while (bestA > 0 && bestB > 0 && a[bestA - 1] == b[bestB - 1])
        {
            bestA--;
            bestB--;
            bestSize++;
        }
        while (bestA + bestSize < a.Length && bestB + bestSize < b.Length && a[bestA + bestSize] == b[bestB + bestSize])
            bestSize++;
        return new Block(bestA, bestB, bestSize);
    }
}
