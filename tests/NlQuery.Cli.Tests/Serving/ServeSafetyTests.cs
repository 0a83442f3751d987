using NlQuery.Cli.Serving;
using NlQuery.Tests.Asking;

namespace NlQuery.Cli.Tests.Serving;

/// <summary><c>nlq serve</c> as a server: binding, the token, size and concurrency limits, cancellation.</summary>
public sealed class ServeSafetyTests
{
    private const string CountCustomers = "SELECT count(*) FROM customers";
    private const string Token = "0123456789abcdef0123";

    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("https://127.0.0.2:443/", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://+:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://192.168.1.10:5000", false)]
    [InlineData("http://example.com", false)]
    public void Only_loopback_addresses_count_as_loopback(string url, bool loopback) => Assert.Equal(loopback, ServeBinding.IsLoopback(url));

    [Fact]
    public void Listening_beyond_loopback_without_a_token_refuses_to_start()
    {
        var error = Assert.Throws<CliError>(() => ServeBinding.Check(["http://127.0.0.1:5000", "http://0.0.0.0:5000"], null));
        Assert.Contains("http://0.0.0.0:5000 can be reached from other machines: give --token", error.Message);
        ServeBinding.Check(["http://0.0.0.0:5000"], Token); // with a token it may
        ServeBinding.Check(["http://127.0.0.1:5000"], null);
    }

    [Theory]
    [InlineData("short", "--token is 5 characters long; use at least 16")]
    [InlineData("ftp://127.0.0.1:21", "give an http:// or https:// URL")]
    [InlineData("http://:5000", "the host is missing")]
    public void Bad_urls_and_short_tokens_are_refused_with_the_reason(string input, string message)
    {
        var error = input.Contains("://")
            ? Assert.Throws<CliError>(() => ServeBinding.Check([input], null))
            : Assert.Throws<CliError>(() => ServeBinding.Check(["http://127.0.0.1:5000"], input));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task The_server_itself_refuses_an_exposed_binding_without_a_token()
    {
        var error = await Assert.ThrowsAsync<CliError>(() => ServeHost.StartAsync(new ScriptedTranslator(CountCustomers),
            new ServeOptions { Urls = ["http://0.0.0.0:5000"] }));
        Assert.Contains("--token", error.Message);
    }

    [Fact]
    public async Task With_a_token_api_requests_without_it_get_401_and_with_it_succeed()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator(CountCustomers), new ServeOptions { Token = Token });
        var question = new { question = "How many customers?" };

        var missing = await host.PostAsync("/api/ask", question);
        await ServeHost.ProblemAsync(missing, 401, "this server needs a token");
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        await ServeHost.ProblemAsync(await host.PostAsync("/api/ask", question, token: Token + "x"), 401, "the bearer token is wrong");
        await ServeHost.ProblemAsync(await host.PostAsync("/api/sql", new { sql = CountCustomers }, token: "wrong"), 401, "wrong");
        await ServeHost.ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/schema"), 401, "needs a token");

        var answer = await ServeHost.JsonAsync(await host.PostAsync("/api/ask", question, token: Token));
        Assert.Equal(CountCustomers, answer.GetProperty("sql").GetString());
        // Health needs no token, so that a probe can call it.
        var health = await ServeHost.JsonAsync(await host.SendAsync(HttpMethod.Get, "/api/health"));
        Assert.True(health.GetProperty("token_required").GetBoolean());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator(CountCustomers), new ServeOptions { MaxBodyBytes = 1000 });
        await ServeHost.ProblemAsync(await host.PostAsync("/api/ask", new { question = new string('a', 2000) }), 413,
            "this server accepts at most 1,000");
        // Without Content-Length (chunked), the body is cut off while it is read.
        var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/sql")
        {
            Content = new StreamContent(new NonSeekableStream(System.Text.Encoding.UTF8.GetBytes($$"""{"sql": "{{new string(' ', 5000)}}"}"""))),
        };
        chunked.Content.Headers.ContentType = new("application/json");
        await ServeHost.ProblemAsync(await host.Client.SendAsync(chunked), 413, "over 1,000 bytes");
    }

    [Fact]
    public async Task A_question_over_the_length_limit_is_a_400_problem_and_never_reaches_the_model()
    {
        var translator = new ScriptedTranslator(CountCustomers);
        await using var host = await ServeHost.StartAsync(translator, new ServeOptions { MaxQuestionLength = 50 });
        await ServeHost.ProblemAsync(await host.PostAsync("/api/ask", new { question = new string('q', 51) }), 400,
            "the question is 51 characters long; this server accepts at most 50");
        Assert.Empty(translator.Requests);
    }

    [Fact]
    public async Task A_client_over_its_concurrency_limit_gets_429_while_its_requests_run()
    {
        var translator = new GatedTranslator(CountCustomers);
        await using var host = await ServeHost.StartAsync(translator, new ServeOptions { MaxConcurrentPerClient = 2 });
        var first = host.PostAsync("/api/ask", new { question = "How many customers?" });
        var second = host.PostAsync("/api/ask", new { question = "How many customers?" });
        await translator.Entered(2).WaitAsync(TimeSpan.FromMinutes(1));

        await ServeHost.ProblemAsync(await host.PostAsync("/api/ask", new { question = "How many customers?" }), 429, "already has 2 requests running");

        translator.Release();
        await ServeHost.JsonAsync(await first);
        await ServeHost.JsonAsync(await second);
        await ServeHost.JsonAsync(await host.PostAsync("/api/ask", new { question = "How many customers?" }));
    }

    [Fact]
    public async Task A_client_that_goes_away_cancels_its_question()
    {
        var translator = new GatedTranslator(CountCustomers);
        await using var host = await ServeHost.StartOnLoopbackAsync(translator);
        using var clientGone = new CancellationTokenSource();
        var request = host.SendAsync(HttpMethod.Post, "/api/ask", """{"question": "How many customers?"}""", cancellationToken: clientGone.Token);
        await translator.Entered(1).WaitAsync(TimeSpan.FromMinutes(1));

        await clientGone.CancelAsync();

        await translator.Cancelled.WaitAsync(TimeSpan.FromMinutes(1)); // the model saw the request's token fire
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
    }

    /// <summary>A body whose length the client cannot know in advance, so it is sent chunked.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
