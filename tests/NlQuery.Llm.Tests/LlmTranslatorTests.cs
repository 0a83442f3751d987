using Microsoft.Extensions.AI;
using NlQuery.Feedback;
using NlQuery.Tests.Asking;
using NlQuery.Translation;

namespace NlQuery.Llm.Tests;

/// <summary>
/// The LLM translator behind NlQueryEngine over a private copy of samples/shop.db, with scripted replies: what the model
/// is told, what is re-asked, and that only parser-checked, read-only SQL ever runs.
/// </summary>
public sealed class LlmTranslatorTests : IAsyncLifetime
{
    private const string CountCustomers = "SELECT count(*) FROM customers";

    private readonly ShopDatabase _shop = new();
    private readonly string _feedbackPath = Path.Combine(Path.GetTempPath(), $"nlq-llm-feedback-{Guid.NewGuid():N}.db");
    private Microsoft.Data.Sqlite.SqliteConnection _connection = null!;
    private FeedbackStore _feedback = null!;

    public Task InitializeAsync()
    {
        _connection = _shop.Open();
        _feedback = FeedbackStore.OpenFile(_feedbackPath);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _feedback.DisposeAsync();
        await _connection.DisposeAsync();
        _shop.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_feedbackPath) + "*"))
            File.Delete(file);
    }

    private Task<Answer> AskAsync(ScriptedChatClient client, string question, LlmTranslatorOptions? options = null) =>
        AskAsync(new LlmTranslator(client, options), question);

    private async Task<Answer> AskAsync(ITranslator translator, string question)
    {
        var engine = new NlQueryEngine(translator, _feedback);
        return await engine.AskAsync(_connection, question, new AskOptions { Engine = engine });
    }

    private long Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task GoodSqlRunsAndThePromptShowsTheSchemaInTheDialect()
    {
        var client = new ScriptedChatClient($"```sql\n{CountCustomers};\n```");
        var answer = await AskAsync(client, "How many customers are there?");
        Assert.Equal(CountCustomers, answer.Sql);
        Assert.Equal(Scalar(CountCustomers), Convert.ToInt64(answer.Rows.Rows[0][0]));
        var attempt = Assert.Single(answer.Attempts);
        Assert.Equal(TranslationAttemptOutcome.Accepted, attempt.Outcome);
        var system = client.Requests[0][0];
        Assert.Equal(ChatRole.System, system.Role);
        Assert.Contains("SQLite", system.Text, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE customers (\n  customer_id INTEGER PRIMARY KEY,", system.Text, StringComparison.Ordinal);
        Assert.Contains("How many customers are there?", client.Requests[0][^1].Text, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE customers", answer.ModelInput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownColumnIsReaskedWithTheParsersMessageAndTheFixRuns()
    {
        var client = new ScriptedChatClient("```sql\nSELECT nickname FROM customers\n```", "```sql\nSELECT first_name FROM customers\n```");
        var answer = await AskAsync(client, "What are the customers' first names?");
        Assert.Equal("SELECT first_name FROM customers", answer.Sql);
        Assert.Equal(Scalar("SELECT count(*) FROM customers"), answer.Rows.Rows.Count);
        Assert.Equal(2, client.Requests.Count);
        var rejected = answer.Attempts[0];
        Assert.Equal(TranslationAttemptOutcome.Parser, rejected.Outcome);
        Assert.Contains("nickname", rejected.Rejection, StringComparison.Ordinal);
        // The second request is the first conversation, the rejected reply, and the parser's message.
        var second = client.Requests[1];
        Assert.Equal(client.Requests[0].Count + 2, second.Count);
        Assert.Equal(ChatRole.Assistant, second[^2].Role);
        Assert.Contains(rejected.Rejection!, second[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProseAroundTheSqlIsLeftOut()
    {
        var client = new ScriptedChatClient($"Of course. The query you need is {CountCustomers}; it counts every row of the customers table.");
        var answer = await AskAsync(client, "How many customers are there?");
        Assert.Equal(CountCustomers, answer.Sql);
    }

    [Theory]
    [InlineData("```sql\nDELETE FROM orders\n```")]
    [InlineData("```sql\nDROP TABLE customers\n```")]
    public async Task AWriteNeverRunsWhateverTheModelSays(string reply)
    {
        var before = _shop.Fingerprint();
        var client = new ScriptedChatClient(reply);
        var error = await Assert.ThrowsAsync<UnansweredQuestionException>(() => AskAsync(client, "How many orders are there?"));
        Assert.Equal(before, _shop.Fingerprint());
        Assert.Equal(LlmTranslatorOptions.Default.MaxRetries + 1, client.Requests.Count);
        Assert.All(error.Attempts, a => Assert.NotEqual(TranslationAttemptOutcome.Accepted, a.Outcome));
    }

    [Fact]
    public async Task AStatementAfterTheSelectIsNeverRun()
    {
        var before = _shop.Fingerprint();
        var answer = await AskAsync(new ScriptedChatClient("```sql\nSELECT count(*) FROM orders; DELETE FROM orders\n```"), "How many orders are there?");
        Assert.Equal("SELECT count(*) FROM orders", answer.Sql);
        Assert.Equal(before, _shop.Fingerprint());
    }

    [Fact]
    public async Task AWriteIsReaskedAndTheSelectThatFollowsRuns()
    {
        var before = _shop.Fingerprint();
        var client = new ScriptedChatClient("```sql\nDELETE FROM orders\n```", "```sql\nSELECT count(*) FROM orders\n```");
        var answer = await AskAsync(client, "How many orders are there?");
        Assert.Equal("SELECT count(*) FROM orders", answer.Sql);
        Assert.Equal(before, _shop.Fingerprint());
    }

    [Fact]
    public async Task AnEndlessWrongAnswerStopsAfterTheRetriesWithTheReasons()
    {
        var client = new ScriptedChatClient("```sql\nSELECT colour FROM products\n```");
        var options = LlmTranslatorOptions.Default with { MaxRetries = 3 };
        var error = await Assert.ThrowsAsync<UnansweredQuestionException>(() => AskAsync(client, "What colours do products come in?", options));
        Assert.Equal(4, client.Requests.Count);
        Assert.Equal(4, error.Attempts.Count);
        Assert.All(error.Attempts, a => Assert.Contains("colour", a.Rejection, StringComparison.Ordinal));
        Assert.Equal(UnansweredReason.NoValidQuery, error.Kind);
        Assert.Contains("colour", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDatabasesVerdictIsReaskedToo()
    {
        // The parser accepts the SQL; the asker's check (EXPLAIN on a live database) does not.
        var client = new ScriptedChatClient("```sql\nSELECT name FROM products\n```", "```sql\nSELECT product_id FROM products\n```");
        var translator = new LlmTranslator(client);
        var schema = await new NlQueryEngine(translator, _feedback).GetSchemaAsync(_connection);
        var request = new TranslationRequest("Which products?", schema, Sql.SqlDialect.Sqlite)
        {
            CheckCandidate = (sql, _) => Task.FromResult(sql.Contains("name", StringComparison.Ordinal) ? "no such function: name" : null),
        };
        var result = await translator.TranslateAsync(request);
        Assert.Equal("SELECT product_id FROM products", Assert.Single(result.Candidates).Sql);
        Assert.Equal(TranslationAttemptOutcome.Database, result.Attempts[0].Outcome);
        Assert.Contains("no such function: name", client.Requests[1][^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMostSimilarCorrectionsForThisDatabaseAreTheExamples()
    {
        var schemaHash = (await new NlQueryEngine(new LlmTranslator(new ScriptedChatClient("")), _feedback).GetSchemaAsync(_connection)).ComputeHash();
        var name = Path.GetFileNameWithoutExtension(_shop.Path);
        await _feedback.AddAsync(new FeedbackRecord("How many orders were shipped?", name, schemaHash, null,
            "SELECT count(*) FROM orders WHERE status = 'shipped'", null, DateTimeOffset.UtcNow));
        await _feedback.AddAsync(new FeedbackRecord("How many orders were shipped?", "another_db", schemaHash, null,
            "SELECT 42", null, DateTimeOffset.UtcNow));
        await _feedback.AddAsync(new FeedbackRecord("List the suppliers", name, schemaHash, null, "SELECT name FROM suppliers", null, DateTimeOffset.UtcNow));
        // Closest to the question of all, but refused when it was given: kept for review, never an example.
        await _feedback.AddAsync(new FeedbackRecord("How many orders were cancelled?", name, schemaHash, null,
            "SELECT count(*) FROM nowhere", null, DateTimeOffset.UtcNow).Rejected("no such table: nowhere"));
        var client = new ScriptedChatClient("```sql\nSELECT count(*) FROM orders WHERE status = 'cancelled'\n```");
        await AskAsync(client, "How many orders were cancelled?", LlmTranslatorOptions.Default with { Examples = 1 });
        var sent = client.Requests[0];
        // System, one example (question, answer), the question.
        Assert.Equal(4, sent.Count);
        Assert.Equal("How many orders were shipped?", sent[1].Text);
        Assert.Contains("status = 'shipped'", sent[2].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(sent, m => m.Text.Contains("SELECT 42", StringComparison.Ordinal));
        Assert.DoesNotContain(sent, m => m.Text.Contains("nowhere", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheConversationSoFarIsInTheQuestion()
    {
        var client = new ScriptedChatClient("```sql\nSELECT city FROM customers\n```");
        var engine = new NlQueryEngine(new LlmTranslator(client), _feedback);
        var conversation = new Conversation();
        var options = new AskOptions { Engine = engine, Conversation = conversation };
        await engine.AskAsync(_connection, "Show the customers", options);
        await engine.AskAsync(_connection, "Only their cities", options);
        var last = client.Requests[1][^1].Text;
        Assert.Contains("- Show the customers", last, StringComparison.Ordinal);
        Assert.EndsWith("Only their cities", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralSamplesPutTheSqlTheyAgreeOnFirst()
    {
        var client = new ScriptedChatClient("```sql\nSELECT city FROM customers\n```", "```sql\nSELECT country FROM customers\n```",
            "```sql\nSELECT country FROM customers\n```");
        var answer = await AskAsync(client, "Where are the customers?", LlmTranslatorOptions.Default with { Samples = 3 });
        Assert.Equal("SELECT country FROM customers", answer.Sql);
        Assert.Equal(Math.Log(2 / 3.0), answer.Score, 9);
        Assert.Equal("SELECT city FROM customers", Assert.Single(answer.Alternatives).Sql);
    }

    [Fact]
    public async Task NoReplyInTimeIsATimeoutNamingTheEndpoint()
    {
        var translator = new LlmTranslator(new SilentChatClient(), LlmTranslatorOptions.Default with { Timeout = TimeSpan.FromMilliseconds(200) });
        var error = await Assert.ThrowsAsync<LlmException>(() => AskAsync(translator, "How many customers are there?"));
        Assert.Equal(LlmFailureKind.Timeout, error.Kind);
        Assert.Equal("the model at http://silent.test/v1 did not answer within 0.2 s (the LLM timeout)", error.Message);
    }

    [Fact]
    public async Task CancellingIsNotATimeout()
    {
        var translator = new LlmTranslator(new SilentChatClient());
        var engine = new NlQueryEngine(translator, _feedback);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.AskAsync(_connection, "How many customers?", new AskOptions { Engine = engine }, cancel.Token));
    }

    [Fact]
    public void BadOptionsAreRefused()
    {
        var client = new ScriptedChatClient("");
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlmTranslator(client, LlmTranslatorOptions.Default with { MaxRetries = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlmTranslator(client, LlmTranslatorOptions.Default with { Samples = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlmTranslator(client, LlmTranslatorOptions.Default with { Timeout = TimeSpan.Zero }));
    }

    [Fact]
    public void CreateNeedsAKeyForOpenAiAndAnEndpointForAzure()
    {
        Environment.SetEnvironmentVariable(LlmTranslator.KeyVariable, null);
        var openAi = Assert.Throws<ArgumentException>(() => LlmTranslator.Create(LlmProvider.OpenAI, "gpt-4o-mini"));
        Assert.Contains(LlmTranslator.KeyVariable, openAi.Message, StringComparison.Ordinal);
        var azure = Assert.Throws<ArgumentException>(() => LlmTranslator.Create(LlmProvider.Azure, "sql", apiKey: "k"));
        Assert.Contains("endpoint", azure.Message, StringComparison.Ordinal);
        using var local = LlmTranslator.Create(LlmProvider.OpenAI, "qwen", new Uri("http://127.0.0.1:8080/v1"));
        Assert.Equal("http://127.0.0.1:8080/v1", local.Endpoint);
        using var ollama = LlmTranslator.Create(LlmProvider.Ollama, "llama3");
        Assert.StartsWith("http://localhost:11434", ollama.Endpoint, StringComparison.Ordinal);
    }

    /// <summary>A model that never answers: it waits until the request is cancelled.</summary>
    private sealed class SilentChatClient : IChatClient
    {
        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("silent", new Uri("http://silent.test/v1/")) : null;

        public void Dispose()
        {
        }
    }
}
