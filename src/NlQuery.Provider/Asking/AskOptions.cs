using NlQuery.Execution;
using NlQuery.Sql;

namespace NlQuery;

/// <summary>How one question is answered: which engine, dialect, limits and conversation.</summary>
public sealed record AskOptions
{
    public static AskOptions Default { get; } = new();

    /// <summary>The engine to ask; null uses <see cref="NlQueryEngine.Default"/>.</summary>
    public NlQueryEngine? Engine { get; init; }

    /// <summary>Overrides the dialect detected from the connection (e.g. a SQLite-compatible server).</summary>
    public SqlDialect? Dialect { get; init; }

    /// <summary>Timeout and row cap for running the generated SQL.</summary>
    public ExecutionOptions Execution { get; init; } = ExecutionOptions.Default;

    /// <summary>At most this many candidates are tried, best first, before the question fails.</summary>
    public int MaxCandidates { get; init; } = 8;

    /// <summary>
    /// Answers whose <see cref="Answer.Confidence"/> is below this are marked uncertain (<see cref="Answer.IsUncertain"/>;
    /// nlq says so in words). 0 marks none.
    /// </summary>
    public double UncertainBelow
    {
        get;
        init => field = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "UncertainBelow is a confidence, between 0 and 1.");
    } = 0.5;

    /// <summary>Multi-turn context: earlier questions go to the translator, and this question is added on success.</summary>
    public Conversation? Conversation { get; init; }
}
