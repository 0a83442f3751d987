using System.Net;
using System.Text.Json;
using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Commands;

/// <summary>
/// <c>nlq ask --llm openai --llm-endpoint http://127.0.0.1:port/v1</c> against <see cref="FakeOpenAiServer"/>: the real
/// Microsoft.Extensions.AI.OpenAI client, the parser's check and re-asking, and the failures a user meets, end to end.
/// </summary>
public sealed class AskWithLlmTests : IDisposable
{
    private const string Key = "sk-test-NEVER-PRINT-THIS-0123456789";

    private readonly string _home = Path.Combine(Path.GetTempPath(), "nlq-llm-home-" + Guid.NewGuid().ToString("N"));

    private static string Shop => Path.Combine(SharedData.RepositoryRoot, "samples", "shop.db");

    public void Dispose()
    {
        if (Directory.Exists(_home))
            Directory.Delete(_home, recursive: true);
    }

    /// <summary>nlq with the key in the environment and its own data folder (the feedback store the examples come from).</summary>
    private Task<NlqResult> Nlq(params string[] args) => NlqProcess.RunAsync(args, workingDirectory: Path.GetTempPath(),
        environment: new Dictionary<string, string> { ["NLQUERY_LLM_KEY"] = Key, ["XDG_DATA_HOME"] = _home });

    private static string[] Ask(string endpoint, params string[] rest) =>
        ["ask", "--db", Shop, "--llm", "openai", "--llm-model", "fake-model", "--llm-endpoint", endpoint, .. rest];

    private static long CountCustomers()
    {
        using var shop = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Shop};Mode=ReadOnly;Pooling=False");
        shop.Open();
        using var count = shop.CreateCommand();
        count.CommandText = "SELECT count(*) FROM customers";
        return (long)count.ExecuteScalar()!;
    }

    [Fact]
    public async Task AnswersTheSampleDatabaseEndToEnd()
    {
        await using var server = new FakeOpenAiServer("Here you go:\n```sql\nSELECT count(*) FROM customers;\n```");
        var result = await Nlq(Ask(server.Endpoint, "--format", "json", "How many customers are there?"));
        Assert.True(result.ExitCode == 0, result.ToString());
        var answer = JsonDocument.Parse(result.StdOut).RootElement;
        Assert.Equal("SELECT count(*) FROM customers", answer.GetProperty("sql").GetString());
        Assert.Equal(CountCustomers(), answer.GetProperty("rows")[0][0].GetInt64());
        var (authorization, body) = Assert.Single(server.Requests);
        Assert.Equal("Bearer " + Key, authorization);
        Assert.Equal("fake-model", body.GetProperty("model").GetString());
        var system = body.GetProperty("messages")[0].GetProperty("content").GetString();
        Assert.Contains("CREATE TABLE customers", system, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SqlOnlyPrintsTheCheckedSqlAfterReaskingWithoutRunningIt()
    {
        await using var server = new FakeOpenAiServer("```sql\nSELECT nickname FROM customers\n```", "```sql\nSELECT first_name FROM customers\n```");
        var result = await Nlq(Ask(server.Endpoint, "--sql-only", "What are the customers called?"));
        Assert.True(result.ExitCode == 0, result.ToString());
        // The unknown column was sent back with the parser's message; only the corrected SQL is printed.
        Assert.Equal(["SELECT first_name FROM customers"], result.Lines);
        Assert.Equal(2, server.Requests.Count);
        Assert.Contains("nickname", server.Requests[1].Body.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonShowsThePromptTheTriesAndWhyEachWasRejected()
    {
        await using var server = new FakeOpenAiServer("```sql\nSELECT nickname FROM customers\n```", "```sql\nSELECT first_name FROM customers\n```");
        var result = await Nlq(Ask(server.Endpoint, "--format", "json", "What are the customers' first names?"));
        Assert.True(result.ExitCode == 0, result.ToString());
        var answer = JsonDocument.Parse(result.StdOut).RootElement;
        Assert.Equal("SELECT first_name FROM customers", answer.GetProperty("sql").GetString());
        Assert.Contains("CREATE TABLE customers", answer.GetProperty("prompt").GetString(), StringComparison.Ordinal);
        var attempts = answer.GetProperty("attempts");
        Assert.Equal(2, attempts.GetArrayLength());
        Assert.Equal("parser", attempts[0].GetProperty("outcome").GetString());
        Assert.Contains("nickname", attempts[0].GetProperty("rejection").GetString(), StringComparison.Ordinal);
        Assert.Equal("accepted", attempts[1].GetProperty("outcome").GetString());
        // The second request told the model why: the parser's message is in its last message.
        var second = server.Requests[1].Body.GetProperty("messages");
        Assert.Contains(attempts[0].GetProperty("rejection").GetString()!, second[second.GetArrayLength() - 1].GetProperty("content").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeleteNeverRunsAndTheQuestionGoesUnanswered()
    {
        var before = File.ReadAllBytes(Shop);
        await using var server = new FakeOpenAiServer("```sql\nDELETE FROM customers\n```");
        var result = await Nlq(Ask(server.Endpoint, "--llm-retries", "1", "How many customers are there?"));
        Assert.Equal(ExitCodes.NoAnswer, result.ExitCode);
        Assert.StartsWith("nlq: no answer: ", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(before, File.ReadAllBytes(Shop));
    }

    [Fact]
    public async Task TheKeyNeverAppearsEvenWhenTheServerEchoesIt()
    {
        await using var server = new FakeOpenAiServer("unused")
        {
            ErrorStatus = HttpStatusCode.Unauthorized,
            ErrorMessage = $"Incorrect API key provided: {Key}",
        };
        var result = await Nlq(Ask(server.Endpoint, "How many customers are there?"));
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"nlq: error: the model at {server.Endpoint} refused the API key (HTTP 401): set NLQUERY_LLM_KEY to a valid key\n", result.StdErr);
        Assert.DoesNotContain(Key, result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerErrorIsNamedWithTheKeyRedacted()
    {
        await using var server = new FakeOpenAiServer("unused") { ErrorStatus = HttpStatusCode.InternalServerError, ErrorMessage = $"crashed holding {Key}" };
        var result = await Nlq(Ask(server.Endpoint, "How many customers are there?"));
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"nlq: error: the model at {server.Endpoint} failed with HTTP 500: ", result.StdErr, StringComparison.Ordinal);
        Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain(Key, result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoEndpointReachableIsOneLineNamingIt()
    {
        var endpoint = $"http://127.0.0.1:{FakeOpenAiServer.FreePort()}/v1";
        var result = await Nlq(Ask(endpoint, "--llm-timeout", "20", "How many customers are there?"));
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"nlq: error: cannot reach the model at {endpoint}: ", result.StdErr, StringComparison.Ordinal);
        Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task ASilentServerFailsAtTheConfiguredTimeout()
    {
        await using var server = new FakeOpenAiServer("```sql\nSELECT 1\n```") { Delay = TimeSpan.FromSeconds(30) };
        var result = await Nlq(Ask(server.Endpoint, "--llm-timeout", "1", "How many customers are there?"));
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"nlq: error: the model at {server.Endpoint} did not answer within 1 s (the LLM timeout)\n", result.StdErr);
    }

    [Theory]
    [InlineData(new[] { "--llm-model", "m" }, "--llm-model is for a language model: give --llm openai|azure|ollama with it.")]
    [InlineData(new[] { "--llm", "gemini", "--llm-model", "m" }, "--llm must be openai, azure or ollama, not 'gemini'.")]
    [InlineData(new[] { "--llm", "openai" }, "--llm openai needs --llm-model <name> (the model to ask).")]
    [InlineData(new[] { "--llm", "ollama", "--llm-model", "m", "--llm-endpoint", "localhost:11434" }, "--llm-endpoint must be an http:// or https:// address, not 'localhost:11434'.")]
    [InlineData(new[] { "--llm", "ollama", "--llm-model", "m", "--model", "/tmp" }, "give either --model or --llm, not both.")]
    [InlineData(new[] { "--llm", "azure", "--llm-model", "m" }, "--llm azure: Azure OpenAI needs its endpoint (https://<resource>.openai.azure.com/openai/v1/).")]
    public async Task BadLlmOptionsAreNamed(string[] options, string message)
    {
        var result = await Nlq(["ask", "--db", Shop, .. options, "How many customers are there?"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"nlq: error: {message}\n", result.StdErr);
    }

    [Fact]
    public async Task TheReplsWhyShowsTheTries()
    {
        await using var server = new FakeOpenAiServer("```sql\nSELECT nickname FROM customers\n```", "```sql\nSELECT first_name FROM customers\n```");
        var result = await NlqProcess.RunAsync(["--db", Shop, "--llm", "openai", "--llm-model", "fake-model", "--llm-endpoint", server.Endpoint],
            "What are the customers' first names?\n:why\n", workingDirectory: Path.GetTempPath(),
            environment: new Dictionary<string, string> { ["NLQUERY_LLM_KEY"] = Key, ["XDG_DATA_HOME"] = _home });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("CREATE TABLE customers", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("try 1 (sample 1): rejected by the parser: ", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("try 2 (sample 1): accepted: SELECT first_name FROM customers", result.StdOut, StringComparison.Ordinal);
    }
}
