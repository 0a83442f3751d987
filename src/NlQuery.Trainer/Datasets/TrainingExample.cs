namespace NlQuery.Training.Datasets;

/// <summary>
/// One line of a training file: the model input (T5: the serialised text; pointer: the JSON of ids, spans, relations
/// and actions), the target (T5: <c>db_id | sql</c>; pointer: the SQL), the database and where the example came from
/// (<c>train_spider</c>, <c>train_others</c>, <c>sparc/train</c>, <c>feedback</c>, …).
/// </summary>
public sealed record TrainingExample(string Input, string Target, string DbId, string Source)
{
    /// <summary>The question as asked (held-out evaluation asks it again through the translator).</summary>
    public string Question { get; init; } = "";

    /// <summary>The gold SQL as written.</summary>
    public string Sql { get; init; } = "";

    /// <summary>Earlier questions of the conversation, oldest first.</summary>
    public IReadOnlyList<string> History { get; init; } = [];
}
