namespace NlQuery.Linking;

/// <summary>
/// A column's values prepared for matching. What the prefilters read for every value (first letter, length, character
/// counts) sits in flat arrays, so a question scans a column sequentially and touches a value's own objects only
/// when it reaches the exact comparison.
/// </summary>
internal sealed class MatchableValues
{
    public MatchableValues(IEnumerable<string> values)
    {
        Values = values.Select(v => new MatchableValue(v)).ToArray();
        FirstLetters = new char[Values.Length];
        Lengths = new int[Values.Length];
        CharacterStarts = new int[Values.Length + 1];
        var total = Values.Sum(v => v.DistinctCharacters.Length);
        Characters = new char[total];
        Counts = new int[total];
        var at = 0;
        for (var i = 0; i < Values.Length; i++)
        {
            var value = Values[i];
            FirstLetters[i] = value.FirstLetter ?? '\0';
            Lengths[i] = value.Normalized.Length;
            CharacterStarts[i] = at;
            value.DistinctCharacters.CopyTo(Characters, at);
            value.DistinctCounts.CopyTo(Counts, at);
            at += value.DistinctCharacters.Length;
        }
        CharacterStarts[Values.Length] = at;
    }

    /// <summary>All values, in read order.</summary>
    public MatchableValue[] Values { get; }

    /// <summary>Each value's first non-separator character, or U+0000 when it has none.</summary>
    public char[] FirstLetters { get; }

    /// <summary>Each value's length, lower-cased and stripped.</summary>
    public int[] Lengths { get; }

    /// <summary>Value i's distinct characters are <c>Characters[CharacterStarts[i]..CharacterStarts[i + 1]]</c>.</summary>
    public int[] CharacterStarts { get; }

    public char[] Characters { get; }

    /// <summary>How often each of <see cref="Characters"/> occurs in its value.</summary>
    public int[] Counts { get; }
}
