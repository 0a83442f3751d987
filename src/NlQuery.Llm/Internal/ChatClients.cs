using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace NlQuery.Llm.Internal;

/// <summary>Builds the <see cref="IChatClient"/> for a provider: OpenAI's client (OpenAI, compatible servers, Azure's v1 API) or Ollama's.</summary>
internal static class ChatClients
{
    public static readonly Uri OllamaDefault = new("http://localhost:11434");

    public static IChatClient Create(LlmProvider provider, string model, Uri? endpoint, string? key, TimeSpan timeout)
    {
        switch (provider)
        {
            case LlmProvider.Ollama:
                return new OllamaApiClient(endpoint ?? OllamaDefault, model);
            case LlmProvider.Azure:
                if (endpoint is null)
                    throw new ArgumentException("Azure OpenAI needs its endpoint (https://<resource>.openai.azure.com/openai/v1/).");
                if (string.IsNullOrEmpty(key))
                    throw new ArgumentException($"Azure OpenAI needs an API key: set {LlmTranslator.KeyVariable}.");
                return OpenAi(AzureV1(endpoint), model, key, timeout);
            case LlmProvider.OpenAI:
                if (endpoint is null && string.IsNullOrEmpty(key))
                    throw new ArgumentException($"OpenAI needs an API key: set {LlmTranslator.KeyVariable} (or give the endpoint of an OpenAI-compatible server).");
                // Local OpenAI-compatible servers take no key, but the client will not send a request without one.
                return OpenAi(endpoint, model, string.IsNullOrEmpty(key) ? "no-key" : key, timeout);
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, null);
        }
    }

    private static IChatClient OpenAi(Uri? endpoint, string model, string key, TimeSpan timeout)
    {
        var options = new OpenAIClientOptions
        {
            // No silent retries: a rate limit or an outage is reported at once, in words, rather than after minutes.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // The translator's own timeout decides; the client's must not fire first with a vaguer error.
            NetworkTimeout = timeout == Timeout.InfiniteTimeSpan ? timeout : timeout + TimeSpan.FromSeconds(5),
        };
        if (endpoint is not null)
            options.Endpoint = endpoint;
        return new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient(model).AsIChatClient();
    }

    /// <summary>Azure's OpenAI-compatible API lives under <c>/openai/v1/</c>; a bare resource address gets that path.</summary>
    private static Uri AzureV1(Uri endpoint) =>
        endpoint.AbsolutePath is "" or "/" ? new Uri(endpoint, "/openai/v1/") : endpoint;
}
