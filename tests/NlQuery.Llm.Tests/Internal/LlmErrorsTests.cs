using System.ClientModel;
using System.Net;
using System.Net.Sockets;
using NlQuery.Llm.Internal;

namespace NlQuery.Llm.Tests.Internal;

public sealed class LlmErrorsTests
{
    private const string Endpoint = "http://127.0.0.1:9/v1";
    private const string Key = "sk-test-0123456789abcdef";

    [Fact]
    public void ARefusedConnectionIsUnreachable()
    {
        var error = LlmErrors.Describe(new HttpRequestException("Connection refused (127.0.0.1:9)", new SocketException((int)SocketError.ConnectionRefused)),
            Endpoint, null);
        Assert.Equal(LlmFailureKind.Unreachable, error.Kind);
        Assert.Equal($"cannot reach the model at {Endpoint}: {new SocketException((int)SocketError.ConnectionRefused).Message}", error.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, LlmFailureKind.Unauthorized, "refused the API key (HTTP 401)")]
    [InlineData(HttpStatusCode.TooManyRequests, LlmFailureKind.RateLimited, "rate-limiting requests (HTTP 429)")]
    [InlineData(HttpStatusCode.NotFound, LlmFailureKind.Failed, "answered HTTP 404")]
    [InlineData(HttpStatusCode.InternalServerError, LlmFailureKind.Failed, "failed with HTTP 500")]
    public void HttpStatusesAreNamed(HttpStatusCode status, LlmFailureKind kind, string words)
    {
        var error = LlmErrors.Describe(new HttpRequestException("boom", null, status), Endpoint, null);
        Assert.Equal(kind, error.Kind);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
        Assert.Contains(Endpoint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheKeyIsRedactedAndAnInnerExceptionHoldingItDropped()
    {
        var error = LlmErrors.Describe(new ClientResultException($"invalid model; your key {Key} is fine"), Endpoint, Key);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
        Assert.Contains("[redacted]", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }
}
