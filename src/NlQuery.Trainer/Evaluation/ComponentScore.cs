namespace NlQuery.Training.Evaluation;

/// <summary>
/// One component of Spider's partial match: how many units the gold and the prediction have, and how many agree.
/// As in Spider's get_scores, a component matches only when the counts are equal and every unit agrees.
/// </summary>
public readonly record struct ComponentScore(int GoldCount, int PredictedCount, int Matched)
{
    public bool IsMatch => GoldCount == PredictedCount && Matched == PredictedCount;
}
