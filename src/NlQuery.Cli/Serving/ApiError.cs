namespace NlQuery.Cli.Serving;

/// <summary>A request the server refuses: the status code and the one sentence the client sees in the problem document.</summary>
internal sealed class ApiError(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>Extra problem-document members, e.g. the candidates of an unanswered question.</summary>
    public IDictionary<string, object?>? Extensions { get; init; }
}
