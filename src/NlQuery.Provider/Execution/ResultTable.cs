namespace NlQuery.Execution;

/// <summary>Rows read from a query, materialised: column names, values (DBNull as null), and whether the row cap cut it.</summary>
public sealed class ResultTable(IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows, bool isTruncated)
{
    public IReadOnlyList<string> Columns { get; } = columns;

    public IReadOnlyList<object?[]> Rows { get; } = rows;

    public bool IsTruncated { get; } = isTruncated;
}
