using NlQuery.Schema;

namespace NlQuery.Linking;

/// <summary>How one table relates to a question: its score, the reasons behind it, and what the summary keeps.</summary>
public sealed class TableRelevance
{
    private readonly List<string> _reasons;

    internal TableRelevance(Table table, double score, List<string> reasons, IReadOnlyList<ColumnRelevance> columns)
    {
        Table = table;
        Score = score;
        _reasons = reasons;
        Columns = columns;
    }

    public Table Table { get; }

    /// <summary>Relevance to the question: name, value and foreign-key evidence added up; higher is more relevant.</summary>
    public double Score { get; }

    public bool Kept { get; internal set; }

    /// <summary>Every column in declaration order, kept or not.</summary>
    public IReadOnlyList<ColumnRelevance> Columns { get; }

    /// <summary>Why the table scored as it did and why it was kept or dropped, most important first.</summary>
    public IReadOnlyList<string> Reasons => _reasons;

    public string Why => string.Join("; ", _reasons);

    internal void AddReason(string reason)
    {
        if (!_reasons.Contains(reason))
            _reasons.Add(reason);
    }

    public override string ToString() => $"{Table.Name} {Score:0.###}{(Kept ? "" : " (dropped)")}";
}
