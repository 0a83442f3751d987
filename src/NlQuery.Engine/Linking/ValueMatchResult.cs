namespace NlQuery.Linking;

/// <summary>What one question matched in a <see cref="ValueIndex"/>: per column, its candidate and selected values.</summary>
public sealed class ValueMatchResult
{
    private readonly Dictionary<(string Table, string Column), ColumnValueMatches> _byColumn;

    internal ValueMatchResult(string question, IReadOnlyList<ColumnValueMatches> columns)
    {
        Question = question;
        Columns = columns;
        _byColumn = new Dictionary<(string, string), ColumnValueMatches>(NameComparer.Instance);
        foreach (var column in columns)
            _byColumn.TryAdd((column.TableName, column.ColumnName), column);
    }

    /// <summary>The text that was matched (for a conversation, all its questions joined by " | ").</summary>
    public string Question { get; }

    /// <summary>Columns with at least one candidate, in schema order.</summary>
    public IReadOnlyList<ColumnValueMatches> Columns { get; }

    /// <summary>The matches of one column, or null when nothing matched there. Names compare case-insensitively.</summary>
    public ColumnValueMatches? Find(string tableName, string columnName) =>
        _byColumn.GetValueOrDefault((tableName, columnName));

    /// <summary>The values the model input lists for one column (empty when none).</summary>
    public IReadOnlyList<string> GetSelectedValues(string tableName, string columnName) =>
        Find(tableName, columnName) is { } found ? found.Selected.Select(m => m.Value).ToList() : [];

    internal sealed class NameComparer : IEqualityComparer<(string Table, string Column)>
    {
        public static NameComparer Instance { get; } = new();

        public bool Equals((string Table, string Column) x, (string Table, string Column) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Table, y.Table) && StringComparer.OrdinalIgnoreCase.Equals(x.Column, y.Column);

        public int GetHashCode((string Table, string Column) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Table), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Column));
    }
}
