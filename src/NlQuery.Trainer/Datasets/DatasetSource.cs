namespace NlQuery.Training.Datasets;

/// <summary>Names of the sources a training set is built from, as written in the JSONL's <c>source</c> field.</summary>
public static class DatasetSource
{
    public const string SpiderTrain = "train_spider";
    public const string SpiderOthers = "train_others";
    public const string SparcTrain = "sparc/train";
    public const string CosqlTrain = "cosql/train";
    public const string Feedback = "feedback";
}
