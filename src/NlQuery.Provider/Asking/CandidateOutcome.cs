namespace NlQuery;

/// <summary>One SQL candidate the translator offered besides the answer, and what happened to it.</summary>
public sealed record CandidateOutcome(string Sql, double Score, CandidateFailure Failure, string? Reason)
{
    public override string ToString() => Failure == CandidateFailure.None ? $"{Score:F3} {Sql}" : $"{Score:F3} {Sql} ({Failure}: {Reason})";
}
