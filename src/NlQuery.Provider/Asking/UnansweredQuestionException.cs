namespace NlQuery;

/// <summary>No candidate SQL for a question could be validated and run; <see cref="Candidates"/> says why for each.</summary>
public sealed class UnansweredQuestionException : InvalidOperationException
{
    public UnansweredQuestionException(string question, IReadOnlyList<CandidateOutcome> candidates)
        : base(BuildMessage(question, candidates))
    {
        Question = question;
        Candidates = candidates;
    }

    public string Question { get; }

    public IReadOnlyList<CandidateOutcome> Candidates { get; }

    private static string BuildMessage(string question, IReadOnlyList<CandidateOutcome> candidates) =>
        candidates.Count == 0
            ? $"No SQL was produced for the question \"{Shorten(question)}\"."
            : $"None of the {candidates.Count} SQL candidates for \"{Shorten(question)}\" could be run safely:" +
              string.Concat(candidates.Select(c => $"{Environment.NewLine}  {c.Failure}: {c.Reason} [{Shorten(c.Sql)}]"));

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
