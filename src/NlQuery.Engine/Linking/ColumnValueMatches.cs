namespace NlQuery.Linking;

/// <summary>The values of one column that a question matches.</summary>
/// <param name="TableName">The table, as the schema spells it.</param>
/// <param name="ColumnName">The column, as the schema spells it.</param>
/// <param name="Candidates">Every value that reached the threshold, best first (one per matched part).</param>
/// <param name="Selected">The values the model input lists: <paramref name="Candidates"/> after the per-column rules and the cap.</param>
public sealed record ColumnValueMatches(string TableName, string ColumnName, IReadOnlyList<ValueMatch> Candidates, IReadOnlyList<ValueMatch> Selected);
