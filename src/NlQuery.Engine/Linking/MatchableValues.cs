namespace NlQuery.Linking;

/// <summary>
/// A column's values prepared for matching, with their positions grouped by first letter: a question visits only the
/// values whose first letter starts one of its words (the others cannot pass BRIDGE's prefix test).
/// </summary>
internal sealed class MatchableValues
{
    private readonly Dictionary<char, int[]> _byFirstLetter;

    public MatchableValues(IEnumerable<string> values)
    {
        Values = values.Select(v => new MatchableValue(v)).ToArray();
        var groups = new Dictionary<char, List<int>>();
        for (var i = 0; i < Values.Length; i++)
        {
            if (Values[i].FirstLetter is not { } first)
                continue;
            if (!groups.TryGetValue(first, out var list))
                groups[first] = list = [];
            list.Add(i);
        }
        _byFirstLetter = groups.ToDictionary(g => g.Key, g => g.Value.ToArray());
    }

    /// <summary>All values, in read order.</summary>
    public MatchableValue[] Values { get; }

    /// <summary>Positions (ascending) of the values whose first letter starts some word of <paramref name="question"/>.</summary>
    public List<int> StartingAWordOf(MatchableQuestion question)
    {
        var found = new List<int>();
        var groups = 0;
        foreach (var initial in question.WordInitials)
        {
            if (_byFirstLetter.TryGetValue(initial, out var positions))
            {
                found.AddRange(positions);
                groups++;
            }
        }
        if (groups > 1)
            found.Sort(); // read order decides ties and collisions, as in BRIDGE
        return found;
    }
}
