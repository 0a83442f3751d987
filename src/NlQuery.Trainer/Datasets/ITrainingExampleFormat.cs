namespace NlQuery.Training.Datasets;

/// <summary>
/// How one benchmark example or correction becomes a training example for a model family: the model input built
/// exactly as the runtime builds it, and the target; or null with the reason it cannot be trained on.
/// </summary>
public interface ITrainingExampleFormat
{
    TrainingExample? Build(TrainingDatabase database, string question, string sql, IReadOnlyList<string> history, string source, out string? reason);
}
