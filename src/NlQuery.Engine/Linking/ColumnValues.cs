using System.Collections.ObjectModel;

namespace NlQuery.Linking;

/// <summary>
/// The distinct values of one column that value matching looks at: the text values (in the order the database
/// returned them), and whether the column also holds values that are not text.
/// </summary>
public sealed class ColumnValues
{
    private MatchableValues? _prepared;

    public ColumnValues(string tableName, string columnName, IEnumerable<string> textValues, bool hasNonTextValues = false, bool isTruncated = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        ArgumentException.ThrowIfNullOrEmpty(columnName);
        ArgumentNullException.ThrowIfNull(textValues);
        TableName = tableName;
        ColumnName = columnName;
        var list = textValues.ToList();
        if (list.Any(v => v is null))
            throw new ArgumentException($"Column '{tableName}.{columnName}' was given a null text value; pass non-text values as hasNonTextValues.", nameof(textValues));
        TextValues = new ReadOnlyCollection<string>(list);
        HasNonTextValues = hasNonTextValues;
        IsTruncated = isTruncated;
    }

    public string TableName { get; }

    public string ColumnName { get; }

    /// <summary>Distinct text values, in read order; blobs that decode as text count as text, as in PICARD.</summary>
    public IReadOnlyList<string> TextValues { get; }

    /// <summary>Whether the column also holds NULLs, numbers or other non-text values.</summary>
    public bool HasNonTextValues { get; }

    /// <summary>Whether the index stopped before reading every distinct value (see <see cref="ValueIndexOptions"/>).</summary>
    public bool IsTruncated { get; }

    /// <summary>Lower-cased, stripped character forms, computed once and reused by every question.</summary>
    internal MatchableValues Prepared => _prepared ??= new MatchableValues(TextValues);

    public override string ToString() => $"{TableName}.{ColumnName} ({TextValues.Count} text values{(IsTruncated ? ", truncated" : "")})";
}
