namespace NlQuery.Training.Evaluation;

/// <summary>Execution accuracy of a model on (question, gold SQL) pairs over one database.</summary>
public sealed record QuestionSetReport(IReadOnlyList<QuestionResult> Results)
{
    /// <summary>Pairs whose gold SQL ran (the others are not scored).</summary>
    public int Scored => Results.Count(r => r.GoldError is null);

    public int Correct => Results.Count(r => r.Match);

    /// <summary>Correct / scored; 0 when nothing could be scored.</summary>
    public double ExecutionAccuracy => Scored == 0 ? 0 : (double)Correct / Scored;

    /// <summary>Scored pairs whose predicted SQL failed to run (or was empty).</summary>
    public int ExecutionErrors => Results.Count(r => r.GoldError is null && r.Error is not null);
}
