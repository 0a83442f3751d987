namespace NlQuery.Training.Datasets;

/// <summary>
/// One question with its gold SQL over one database. <see cref="History"/> holds the earlier questions of the same
/// conversation, oldest first (empty for single-turn Spider); <see cref="Source"/> names the dataset and split.
/// </summary>
public sealed record TextToSqlExample(string DbId, string Question, string Query, IReadOnlyList<string> History, string Source)
{
    /// <summary>The position of the conversation this turn belongs to within its dataset (-1 for single-turn data).</summary>
    public int InteractionIndex { get; init; } = -1;

    /// <summary>The turn's position within its conversation (0 for single-turn data).</summary>
    public int TurnIndex { get; init; }
}
