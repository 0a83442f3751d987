namespace NlQuery.Training.Evaluation;

/// <summary>
/// The evaluation of one example. <see cref="Hardness"/> is null when the gold query has no Spider structure
/// (<see cref="GoldStructureError"/> says why); <see cref="ExecutionMatch"/> is null when execution was not run.
/// </summary>
public sealed record ExampleEvaluation(int Index, string DbId, string GoldSql, string PredictedSql)
{
    public SpiderHardness? Hardness { get; init; }

    public bool ExactMatch { get; init; }

    public string? GoldStructureError { get; init; }

    public string? PredictedStructureError { get; init; }

    public bool? ExecutionMatch { get; init; }

    /// <summary>
    /// Whether the gold result says something: not empty, and not one row of one value that is 0 or NULL. A wrong
    /// query easily returns nothing or a zero too, so EX over these is the harder, fairer number. Null: gold did not run.
    /// </summary>
    public bool? GoldIsInformative { get; init; }

    public string? GoldExecutionError { get; init; }

    public string? PredictedExecutionError { get; init; }

    public TimeSpan PredictionLatency { get; init; }

    public TimeSpan PredictedExecutionTime { get; init; }

    public int InteractionIndex { get; init; } = -1;
}
