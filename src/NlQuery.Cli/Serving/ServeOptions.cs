using NlQuery.Execution;

namespace NlQuery.Cli.Serving;

/// <summary>How <c>nlq serve</c> listens and what it lets one request do.</summary>
internal sealed record ServeOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>Where Kestrel listens; loopback by default, anything else needs <see cref="Token"/>.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>The bearer token every <c>/api</c> request but <c>/api/health</c> must carry; null: no token needed (loopback only).</summary>
    public string? Token { get; init; }

    /// <summary>Larger request bodies are refused before they are read: a question or a query is a few hundred bytes.</summary>
    public long MaxBodyBytes { get; init; } = 64 * 1024;

    /// <summary>Longer questions are refused; tighter than the engine's own limit, since anyone who can reach the port can ask.</summary>
    public int MaxQuestionLength { get; init; } = 1000;

    /// <summary>Requests one client (one remote address) may have running at once; more get 429 rather than queueing behind the model.</summary>
    public int MaxConcurrentPerClient { get; init; } = 4;

    /// <summary>A conversation unused this long is forgotten, with its answers.</summary>
    public TimeSpan ConversationLifetime { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>At most this many conversations are remembered; the least recently used go first.</summary>
    public int MaxConversations { get; init; } = 10_000;

    /// <summary>Timeout and row cap for every query the server runs, as for <c>AskAsync</c>.</summary>
    public ExecutionOptions Execution { get; init; } = ExecutionOptions.Default;

    /// <summary>The clock conversations expire by (a fake one in tests).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
