namespace NlQuery.Cli.Serving;

/// <summary>
/// <c>POST /api/feedback</c>: about the answer <paramref name="Answer"/> (the id <c>/api/ask</c> returned), a rating
/// (<paramref name="Good"/>) or the SQL it should have produced (<paramref name="Sql"/>), or both.
/// </summary>
internal sealed record FeedbackRequest(string? Answer, bool? Good = null, string? Sql = null);
