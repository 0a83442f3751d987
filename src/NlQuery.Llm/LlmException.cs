namespace NlQuery.Llm;

/// <summary>
/// A request to the language model failed. The message is one line naming the endpoint and the failure; it never holds
/// the API key (the provider's own text is redacted, and an inner exception that mentions the key is not kept).
/// </summary>
public sealed class LlmException : Exception
{
    public LlmException(LlmFailureKind kind, string endpoint, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Kind = kind;
        Endpoint = endpoint;
    }

    public LlmFailureKind Kind { get; }

    /// <summary>The endpoint that failed (its address, or the provider's name when the client gives no address).</summary>
    public string Endpoint { get; }
}
