namespace NlQuery.Sql.Lexing;

/// <summary>
/// An immutable set of names compared case-insensitively, sorted so that "does any name start with this prefix"
/// is a binary search. Built once per schema (or per derived table) and shared by every parse state.
/// </summary>
internal sealed class NameSet
{
    public static readonly NameSet Empty = new([]);

    private readonly string[] _sorted;

    public NameSet(IEnumerable<string> names)
    {
        Names = names.ToArray();
        _sorted = Names.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>The names in their original order (duplicates kept: a derived table may repeat a name).</summary>
    public string[] Names { get; }

    public int Count => Names.Length;

    public bool Contains(string name)
    {
        var i = LowerBound(_sorted, name);
        return i < _sorted.Length && string.Equals(_sorted[i], name, StringComparison.OrdinalIgnoreCase);
    }

    public int CountOf(string name)
    {
        var n = 0;
        foreach (var s in Names)
        {
            if (string.Equals(s, name, StringComparison.OrdinalIgnoreCase))
                n++;
        }
        return n;
    }

    public bool AnyStartsWith(string prefix)
    {
        var i = LowerBound(_sorted, prefix);
        return i < _sorted.Length && _sorted[i].StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
    }

    public bool Matches(string text, bool prefix) => prefix ? AnyStartsWith(text) : Contains(text);

    private static int LowerBound(string[] sorted, string key)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.Compare(sorted[mid], key, StringComparison.OrdinalIgnoreCase) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    public static (int Start, int Count) PrefixRange(string[] sorted, string prefix)
    {
        var lo = LowerBound(sorted, prefix);
        var end = lo;
        while (end < sorted.Length && sorted[end].StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            end++;
        return (lo, end - lo);
    }
}
