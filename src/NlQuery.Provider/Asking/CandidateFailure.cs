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
