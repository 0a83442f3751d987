namespace NlQuery;

/// <summary>Why a candidate was not the answer: it did not parse, the database rejected it, or it failed to run.</summary>
public enum CandidateFailure
{
    /// <summary>Not skipped: the candidate was not tried because an earlier one answered.</summary>
    None,
    Parse,
    Validation,
    Execution,
}

/// <summary>One SQL candidate the translator offered besides the answer, and what happened to it.</summary>
public sealed record CandidateOutcome(string Sql, double Score, CandidateFailure Failure, string? Reason)
{
    public override string ToString() => Failure == CandidateFailure.None ? $"{Score:F3} {Sql}" : $"{Score:F3} {Sql} ({Failure}: {Reason})";
}
