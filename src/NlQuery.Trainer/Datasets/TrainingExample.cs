namespace NlQuery.Training.Datasets;

/// <summary>
/// One line of a training file: the serialised model input, the normalised target (<c>db_id | sql</c>), the database
/// and where the example came from (<c>train_spider</c>, <c>train_others</c>, <c>sparc/train</c>, <c>feedback</c>, …).
/// </summary>
public sealed record TrainingExample(string Input, string Target, string DbId, string Source);
