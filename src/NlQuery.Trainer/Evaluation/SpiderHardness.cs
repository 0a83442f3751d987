namespace NlQuery.Training.Evaluation;

/// <summary>Spider's four hardness levels of a gold query.</summary>
public enum SpiderHardness
{
    Easy,
    Medium,
    Hard,
    Extra,
}
