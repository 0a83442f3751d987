using System.Net;
using Microsoft.Extensions.AI;
using NlQuery.Llm;

namespace NlQuery.Cli.Tests.Serving;

/// <summary>
/// <c>nlq serve</c> in front of a language model that fails: the failure is the gateway's, a problem document in the
/// words <c>nlq ask</c> prints, never a 500 and never the API key.
/// </summary>
public sealed class ServeLlmTests
{
    private const string Key = "sk-serve-test-0123456789";

    [Fact]
    public async Task A_model_that_does_not_answer_in_time_is_a_504()
    {
        var translator = new LlmTranslator(new FailingChatClient(null), LlmTranslatorOptions.Default with { Timeout = TimeSpan.FromMilliseconds(200) });
        await using var host = await ServeHost.StartAsync(translator);

        await ServeHost.ProblemAsync(await host.PostAsync("/api/ask", new { question = "How many customers are there?" }),
            504, "the model at http://failing.test/v1 did not answer within 0.2 s (the LLM timeout)");
    }

    [Fact]
    public async Task A_model_that_refuses_the_key_is_a_502_without_the_key()
    {
        var refusal = new HttpRequestException($"401 Unauthorized: invalid key {Key}", null, HttpStatusCode.Unauthorized);
        await using var host = await ServeHost.StartAsync(new LlmTranslator(new FailingChatClient(refusal)));

        var response = await host.PostAsync("/api/ask", new { question = "How many customers are there?" });
        var problem = await ServeHost.ProblemAsync(response, 502, "the model at http://failing.test/v1 refused the API key (HTTP 401)");

        Assert.DoesNotContain(Key, problem.ToString());
    }

    [Fact]
    public async Task An_unreachable_model_is_a_502_naming_it()
    {
        var refused = new HttpRequestException("Connection refused (failing.test:80)", new System.Net.Sockets.SocketException(111));
        await using var host = await ServeHost.StartAsync(new LlmTranslator(new FailingChatClient(refused)));

        await ServeHost.ProblemAsync(await host.PostAsync("/api/ask", new { question = "How many customers are there?" }),
            502, "cannot reach the model at http://failing.test/v1");
    }

    /// <summary>A chat client that throws <paramref name="error"/>, or with none never answers (until cancelled).</summary>
    private sealed class FailingChatClient(Exception? error) : IChatClient
    {
        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default)
        {
            if (error is not null)
                throw error;
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("failing", new Uri("http://failing.test/v1")) : null;

        public void Dispose()
        {
        }
    }
}
