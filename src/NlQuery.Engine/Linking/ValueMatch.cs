namespace NlQuery.Linking;

/// <summary>
/// A database value that a question mentions, as BRIDGE's matcher finds it.
/// </summary>
/// <param name="Value">The value exactly as stored (this is what the model input shows).</param>
/// <param name="MatchedText">The part of <paramref name="Value"/> that the question shares (the longest common substring).</param>
/// <param name="QuestionText">The question's words around that shared part (the span the score compares with the value).</param>
/// <param name="Score">In [0, 1]: 1 for an exact word match, else the fuzzy ratio of value and question span.</param>
/// <param name="Size">The length of the shared part, in characters.</param>
public sealed record ValueMatch(string Value, string MatchedText, string QuestionText, double Score, int Size)
{
    /// <summary>
    /// The rank BRIDGE sorts by (higher first): 1e16·score + 1e8·score + size, in double precision. Near 1e16 a double
    /// steps by 2, so sizes that differ by one can tie; ties keep the values' read order.
    /// </summary>
    public double RankKey => 1e16 * Score + 1e8 * Score + Size;
}
