using NlQuery.Execution;

namespace NlQuery.Training.Evaluation;

/// <summary>The result of running one query, or why it failed (SQL error, timeout, missing database).</summary>
public sealed record QueryOutcome(ResultTable? Result, string? Error, TimeSpan Elapsed)
{
    public bool Succeeded => Error is null;
}
