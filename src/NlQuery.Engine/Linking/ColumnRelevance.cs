using NlQuery.Schema;

namespace NlQuery.Linking;

/// <summary>How one column relates to a question, and whether the summary keeps it.</summary>
public sealed class ColumnRelevance
{
    // Most columns of a big schema have no reason at all: their list is only made when one is added.
    private List<string>? _reasons;

    internal ColumnRelevance(Column column, double score, List<string>? reasons, IReadOnlyList<string> values)
    {
        Column = column;
        Score = score;
        _reasons = reasons;
        Values = values;
    }

    public Column Column { get; }

    /// <summary>Name and value evidence; 0 when the question says nothing about the column.</summary>
    public double Score { get; }

    public bool Kept { get; internal set; }

    /// <summary>Database values the question mentions, as the value matcher found them (shown in the model input).</summary>
    public IReadOnlyList<string> Values { get; }

    public IReadOnlyList<string> Reasons => (IReadOnlyList<string>?)_reasons ?? [];

    /// <summary>The reasons as one line; empty when there are none.</summary>
    public string Why => string.Join("; ", Reasons);

    internal void AddReason(string reason)
    {
        _reasons ??= [];
        if (!_reasons.Contains(reason))
            _reasons.Add(reason);
    }

    public override string ToString() => $"{Column} {Score:0.###}{(Kept ? "" : " (dropped)")}";
}
