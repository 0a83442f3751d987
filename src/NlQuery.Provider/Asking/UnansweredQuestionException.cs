using NlQuery.Linking;

namespace NlQuery;

/// <summary>
/// No candidate SQL for a question survived. <see cref="Reason"/> says why in words a user understands, <see cref="Kind"/>
/// the same as a value, and <see cref="Candidates"/> what happened to each candidate. The message is one line.
/// </summary>
public sealed class UnansweredQuestionException : InvalidOperationException
{
    public UnansweredQuestionException(string question, IReadOnlyList<CandidateOutcome> candidates)
        : this(question, candidates, Explain(question, candidates, null))
    {
    }

    internal UnansweredQuestionException(string question, IReadOnlyList<CandidateOutcome> candidates, (UnansweredReason Kind, string Reason) why)
        : base($"No answer for \"{Echo(question)}\": {why.Reason}.")
    {
        Question = question;
        Candidates = candidates;
        Kind = why.Kind;
        Reason = why.Reason;
    }

    public string Question { get; }

    public IReadOnlyList<CandidateOutcome> Candidates { get; }

    /// <summary>Why the question has no answer, as a value.</summary>
    public UnansweredReason Kind { get; }

    /// <summary>Why the question has no answer, in words (no trailing full stop), e.g. "every candidate failed on the database; the first error: …".</summary>
    public string Reason { get; }

    /// <summary>What the model saw (the question with the serialised schema); null when the model was not asked.</summary>
    public string? ModelInput { get; init; }

    /// <summary>Which tables and columns the model saw and why; null when it saw the whole schema or was not asked.</summary>
    public SchemaSummary? SchemaSummary { get; init; }

    /// <summary>Each reply of a translator that asks again on rejection (an LLM) and why it was rejected; empty for the local model.</summary>
    public IReadOnlyList<Translation.TranslationAttempt> Attempts { get; init; } = [];

    /// <summary>
    /// The reason for a question whose candidates all failed: what is known about the question itself (it names nothing
    /// in the schema) first, then what happened to the candidates. A question that is not English never gets here:
    /// <see cref="NotEnglish"/> refuses it before the model runs.
    /// </summary>
    internal static (UnansweredReason Kind, string Reason) Explain(string question, IReadOnlyList<CandidateOutcome> candidates, SchemaSummary? summary,
        bool inputTruncated = false)
    {
        var firstDatabaseError = candidates.FirstOrDefault(c => c.Failure is CandidateFailure.Validation or CandidateFailure.Execution);
        var (kind, fact) = candidates.Count == 0
            ? (UnansweredReason.NoCompleteQuery, "the model wrote no complete SQL query within its length limit" +
                                                 (inputTruncated ? " (the question and schema were cut to fit the model's input)" : ""))
            : firstDatabaseError is not null
                ? (UnansweredReason.DatabaseRejected, $"every candidate failed on the database; the first error: {OneLine(firstDatabaseError.Reason)}")
                : (UnansweredReason.NoValidQuery, $"no candidate was a complete SELECT over this database's tables (the first: {OneLine(candidates[0].Reason)})");
        if (summary is not null && summary.Tables.Count > 0 && summary.Tables.All(t => t.Score <= 0))
            return (UnansweredReason.NotAboutThisDatabase, $"the question names nothing in this database (no table, column or stored value matches its words); {fact}");
        return (kind, fact);
    }

    /// <summary>The refusal of a question that is not English (<see cref="QuestionLanguage"/>), before any model runs.</summary>
    internal static UnansweredQuestionException NotEnglish(string question) =>
        new(question, [], (UnansweredReason.NotEnglish, "the language is not English; NlQuery's models read English questions only"));

    /// <summary>
    /// User text as it may be echoed to a terminal: control characters (escape sequences included) written as
    /// <c>\u001B</c>-style escapes, and at most 200 characters.
    /// </summary>
    internal static string Echo(string text)
    {
        var shortened = text.Length <= 200 ? text : text[..200] + "…";
        return EchoText.Escape(shortened);
    }

    private static string OneLine(string? reason) => Echo((reason ?? "unknown").ReplaceLineEndings(" "));
}
