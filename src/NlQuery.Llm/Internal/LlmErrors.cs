using System.ClientModel;
using System.Net.Sockets;
using OllamaSharp.Models.Exceptions;

namespace NlQuery.Llm.Internal;

/// <summary>
/// Turns what a chat client throws (OpenAI's <see cref="ClientResultException"/>, <see cref="HttpRequestException"/>,
/// sockets, Ollama's errors) into one <see cref="LlmException"/> whose message names the endpoint and the failure in
/// words, with the API key redacted.
/// </summary>
internal static class LlmErrors
{
    public static LlmException Timeout(string endpoint, TimeSpan timeout) =>
        new(LlmFailureKind.Timeout, endpoint, $"the model at {endpoint} did not answer within {Seconds(timeout)} (the LLM timeout)");

    public static LlmException Describe(Exception error, string endpoint, string? secret)
    {
        var status = StatusOf(error);
        var detail = Redact(Innermost(error).Message, secret).ReplaceLineEndings(" ").Trim();
        var (kind, message) = status switch
        {
            401 or 403 => (LlmFailureKind.Unauthorized,
                $"the model at {endpoint} refused the API key (HTTP {status}): set {LlmTranslator.KeyVariable} to a valid key"),
            429 => (LlmFailureKind.RateLimited, $"the model at {endpoint} is rate-limiting requests (HTTP 429): wait and ask again, or draw fewer samples"),
            404 => (LlmFailureKind.Failed, $"the model at {endpoint} answered HTTP 404 (check the endpoint, which ends in /v1 for OpenAI-compatible servers, and the model name): {detail}"),
            > 0 => (LlmFailureKind.Failed, $"the model at {endpoint} failed with HTTP {status}: {detail}"),
            _ when IsTransport(error) => (LlmFailureKind.Unreachable, $"cannot reach the model at {endpoint}: {detail}"),
            _ => (LlmFailureKind.Failed, $"the model at {endpoint} failed: {detail}"),
        };
        // The inner exception is kept for debugging unless its text holds the key.
        var keep = secret is null || !Chain(error).Any(e => e.Message.Contains(secret, StringComparison.Ordinal));
        return new LlmException(kind, endpoint, message, keep ? error : null);
    }

    /// <summary>Whether <paramref name="error"/> is a failure of the model call rather than a bug of ours.</summary>
    public static bool IsModelFailure(Exception error) =>
        Chain(error).Any(e => e is ClientResultException or HttpRequestException or SocketException or OllamaException or IOException
            or System.Text.Json.JsonException);

    public static string Redact(string text, string? secret) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "[redacted]", StringComparison.Ordinal);

    private static int StatusOf(Exception error)
    {
        foreach (var e in Chain(error))
        {
            if (e is ClientResultException { Status: > 0 } result)
                return result.Status;
            if (e is HttpRequestException { StatusCode: { } code })
                return (int)code;
        }
        return 0;
    }

    private static bool IsTransport(Exception error) =>
        Chain(error).Any(e => e is SocketException or HttpRequestException { StatusCode: null } or IOException);

    private static Exception Innermost(Exception error) => Chain(error).Last();

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            yield return e;
    }

    private static string Seconds(TimeSpan timeout) =>
        timeout.TotalSeconds.ToString(timeout.TotalSeconds < 10 ? "0.###" : "0", System.Globalization.CultureInfo.InvariantCulture) + " s";

}
