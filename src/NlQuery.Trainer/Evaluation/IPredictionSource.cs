using NlQuery.Training.Datasets;

namespace NlQuery.Training.Evaluation;

/// <summary>
/// Where the evaluation's predicted SQL comes from: a file of predictions today, the T5 translator when it exists.
/// </summary>
public interface IPredictionSource
{
    /// <summary>The predicted SQL for the example at <paramref name="index"/> of the evaluated list.</summary>
    ValueTask<string> PredictAsync(int index, TextToSqlExample example, CancellationToken cancellationToken);
}
