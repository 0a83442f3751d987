namespace NlQuery.Llm;

/// <summary>Why a request to the model failed (<see cref="LlmException.Kind"/>).</summary>
public enum LlmFailureKind
{
    /// <summary>No answer within <see cref="LlmTranslatorOptions.Timeout"/>.</summary>
    Timeout,

    /// <summary>The endpoint cannot be reached (refused connection, unknown host, TLS failure).</summary>
    Unreachable,

    /// <summary>The endpoint refused the API key (HTTP 401 or 403).</summary>
    Unauthorized,

    /// <summary>Too many requests (HTTP 429).</summary>
    RateLimited,

    /// <summary>The endpoint answered with another HTTP error (unknown model, server error…).</summary>
    Failed,
}
