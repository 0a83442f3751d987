namespace NlQuery.Cli.Serving;

/// <summary>
/// <c>POST /api/ask</c>: a question, optionally in an earlier conversation. <paramref name="Database"/> is what the SQL
/// Server add-in sends; when given it must name the served database.
/// </summary>
internal sealed record AskRequest(string? Question, string? Conversation = null, string? Database = null);
