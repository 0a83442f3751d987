namespace NlQuery.Linking;

/// <summary>
/// Finds, without looking at every value, the few values of a <see cref="ValueIndex"/> a question could match, and
/// runs BRIDGE's matcher on those only. Built once per index: every value's words are filed under their first four
/// letters (the whole word when shorter); a question then looks up its own words' prefixes of two to four letters. A question over a
/// thousand tables so costs a few dictionary lookups plus the matcher on a handful of values, instead of the matcher
/// on every value of every column.
/// </summary>
/// <remarks>
/// BRIDGE keeps a value only when it nearly equals (fuzzy ratio ≥ 0.85, same first character) a span of the question
/// that starts a word, so a value it keeps almost always shares a word prefix with the question. "Almost": a value
/// whose words all differ from the question's in their first four letters yet reaches the ratio is missed here while
/// <see cref="ValueIndex.Match"/> finds it. The summariser uses the prefilter when it prunes; without pruning it runs
/// the full matcher, so PICARD's input is reproduced exactly.
/// </remarks>
public sealed class ValuePrefilter
{
    private const int PrefixLength = 4;

    private readonly Dictionary<string, List<(int Column, int Value)>> _postings = new(StringComparer.Ordinal);

    public ValuePrefilter(ValueIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        Index = index;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < index.Columns.Count; c++)
        {
            var values = index.Columns[c].TextValues;
            for (var v = 0; v < values.Count; v++)
            {
                keys.Clear();
                AddKeys(values[v], keys, question: false);
                foreach (var key in keys)
                {
                    if (!_postings.TryGetValue(key, out var list))
                        _postings[key] = list = [];
                    list.Add((c, v));
                }
            }
        }
    }

    public ValueIndex Index { get; }

    /// <summary>How many distinct word prefixes the values are filed under.</summary>
    public int KeyCount => _postings.Count;

    /// <summary>The values <paramref name="question"/> could match, per column in index order, values in read order.</summary>
    public IReadOnlyList<ColumnValues> Candidates(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        AddKeys(question, keys, question: true);
        var hits = new SortedSet<(int Column, int Value)>();
        foreach (var key in keys)
        {
            if (_postings.TryGetValue(key, out var list))
                hits.UnionWith(list);
        }
        var result = new List<ColumnValues>();
        foreach (var group in hits.GroupBy(h => h.Column))
        {
            var column = Index.Columns[group.Key];
            result.Add(new ColumnValues(column.TableName, column.ColumnName, group.Select(h => column.TextValues[h.Value]), column.HasNonTextValues, column.IsTruncated));
        }
        return result;
    }

    /// <summary>BRIDGE's matches among the <see cref="Candidates"/> only.</summary>
    public ValueMatchResult Match(string question, ValueMatcher? matcher = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        return new ValueIndex(Index.Schema, Candidates(question)).Match(question, matcher);
    }

    // A value word is filed under its first four letters, or whole when shorter; a question word looks itself up
    // under its first two, three and four letters, so that "cats" finds the value "cat".
    private static void AddKeys(string text, HashSet<string> keys, bool question)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
                start = i;
            else if (!inWord && start >= 0)
            {
                var length = i - start;
                if (length >= 2)
                {
                    keys.Add(text.Substring(start, Math.Min(length, PrefixLength)).ToLowerInvariant());
                    for (var shorter = 2; question && shorter < Math.Min(length, PrefixLength); shorter++)
                        keys.Add(text.Substring(start, shorter).ToLowerInvariant());
                }
                start = -1;
            }
        }
    }
}
