namespace NlQuery.Training.Datasets;

/// <summary>
/// A built training set: the training and held-out examples (in a fixed order), the examples dropped and why, and
/// notes on what was found (splits excluded, databases without values).
/// </summary>
public sealed class TrainingDataset
{
    public TrainingDataset(IReadOnlyList<TrainingExample> train, IReadOnlyList<TrainingExample> heldOut, IReadOnlyList<DroppedExample> dropped,
        IReadOnlySet<string> heldOutDatabases, IReadOnlyList<string> notes)
    {
        Train = train;
        HeldOut = heldOut;
        Dropped = dropped;
        HeldOutDatabases = heldOutDatabases;
        Notes = notes;
    }

    public IReadOnlyList<TrainingExample> Train { get; }

    public IReadOnlyList<TrainingExample> HeldOut { get; }

    public IReadOnlyList<DroppedExample> Dropped { get; }

    public IReadOnlySet<string> HeldOutDatabases { get; }

    public IReadOnlyList<string> Notes { get; }

    /// <summary>Examples per source, in first-seen order.</summary>
    public static IReadOnlyDictionary<string, int> CountBySource(IEnumerable<TrainingExample> examples) =>
        examples.GroupBy(e => e.Source).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Dropped examples per source, in first-seen order.</summary>
    public static IReadOnlyDictionary<string, int> CountBySourceOfDropped(IEnumerable<DroppedExample> dropped) =>
        dropped.GroupBy(d => d.Source).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Dropped examples grouped by the kind of reason (the text before the first quoted name or parenthesis), largest first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> DroppedByReason() =>
        Dropped.GroupBy(d => ReasonKind(d.Reason)).Select(g => KeyValuePair.Create(g.Key, g.Count()))
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();

    internal static string ReasonKind(string reason)
    {
        var end = reason.IndexOfAny(['\'', '(']);
        return (end < 0 ? reason : reason[..end]).Trim();
    }
}
