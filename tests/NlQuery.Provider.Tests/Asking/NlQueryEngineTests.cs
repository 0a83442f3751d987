using NlQuery.Execution;
using NlQuery.Sql;

namespace NlQuery.Tests.Asking;

public sealed class NlQueryEngineTests : IDisposable
{
    private readonly ShopDatabase _shop = new();

    public void Dispose() => _shop.Dispose();

    [Fact]
    public async Task TheEngineOverTheDefaultModelFollowsItsFolder()
    {
        var folder = Path.Combine(SharedData.RepositoryRoot, Translation.DefaultModel.RelativeFolder);
        var engine = NlQueryEngine.OverDefaultModel(folder);
        using var followed = Assert.IsType<Translation.ReloadingTranslator>(engine.Translator);
        await using var connection = _shop.Open();

        var answer = await engine.AskAsync(connection, "How many customers are there?");

        Assert.Equal(Path.GetFullPath(folder), followed.Folder);
        Assert.Equal("SELECT count(*) FROM customers", answer.Sql);
    }

    [Fact]
    public async Task RunsTheTopCandidateAndReportsTheOthersAsAlternatives()
    {
        var translator = new ScriptedTranslator("SELECT count(*) FROM customers", "SELECT count(*) FROM orders");
        var engine = new NlQueryEngine(translator);
        await using var connection = _shop.Open();

        var answer = await engine.AskAsync(connection, "how many customers are there?");

        Assert.Equal("SELECT count(*) FROM customers", answer.Sql);
        Assert.Equal(["count(*)"], answer.Rows.Columns);
        Assert.Equal(Scalar(connection, "SELECT count(*) FROM customers"), answer.Rows.Rows[0][0]);
        Assert.Equal(-0.1, answer.Score, 6);
        var other = Assert.Single(answer.Alternatives);
        Assert.Equal(CandidateFailure.None, other.Failure);
        Assert.Equal("input: how many customers are there?", answer.ModelInput);
        Assert.StartsWith("nlq-shop-", answer.DatabaseName); // the file name, without .db
        Assert.True(answer.Timings.Total >= answer.Timings.Execute);
        var request = Assert.Single(translator.Requests);
        Assert.Same(SqlDialect.Sqlite, request.Dialect);
        Assert.NotNull(request.Values);
        Assert.Contains(request.Schema.Tables, t => t.Name == "customers");
    }

    [Fact]
    public async Task FallsBackWhenTheTopCandidateDoesNotParseOrFailsToRun()
    {
        // The first names a missing column (a guard error); the second overflows at run time; the third is fine.
        var engine = new NlQueryEngine(new ScriptedTranslator(
            "SELECT nickname FROM customers",
            "SELECT abs(-9223372036854775807 - 1) FROM customers",
            "SELECT city FROM customers WHERE customer_id = 1"));
        await using var connection = _shop.Open();

        var answer = await engine.AskAsync(connection, "where does the first customer live?");

        Assert.Equal("SELECT city FROM customers WHERE customer_id = 1", answer.Sql);
        Assert.Equal(2, answer.Alternatives.Count);
        Assert.Equal(CandidateFailure.Parse, answer.Alternatives[0].Failure);
        Assert.Contains("nickname", answer.Alternatives[0].Reason);
        Assert.Equal(CandidateFailure.Execution, answer.Alternatives[1].Failure);
        Assert.Contains("overflow", answer.Alternatives[1].Reason);
    }

    [Fact]
    public async Task ReprintsDoubleQuotedStringsSoSqliteAcceptsThem()
    {
        await using var connection = _shop.Open();
        var city = (string)Scalar(connection, "SELECT city FROM customers ORDER BY customer_id LIMIT 1")!;
        var engine = new NlQueryEngine(new ScriptedTranslator($"SELECT count(*) FROM customers WHERE city = \"{city}\""));

        var answer = await engine.AskAsync(connection, $"how many customers live in {city}?");

        Assert.Equal($"SELECT count(*) FROM customers WHERE city = '{city}'", answer.Sql);
        Assert.True((long)answer.Rows.Rows[0][0]! >= 1);
    }

    [Fact]
    public async Task AppliesTheRowCap()
    {
        var engine = new NlQueryEngine(new ScriptedTranslator("SELECT email FROM customers"));
        await using var connection = _shop.Open();

        var answer = await engine.AskAsync(connection, "list the emails", new AskOptions { Execution = new ExecutionOptions { MaxRows = 3 } });

        Assert.Equal(3, answer.Rows.Rows.Count);
        Assert.True(answer.Rows.IsTruncated);
    }

    [Fact]
    public async Task FailsClearlyWhenNoCandidateWorks()
    {
        var engine = new NlQueryEngine(new ScriptedTranslator("SELECT nope FROM customers", "SELECT FROM"));
        await using var connection = _shop.Open();

        var error = await Assert.ThrowsAsync<UnansweredQuestionException>(() => engine.AskAsync(connection, "what?"));

        Assert.Equal(2, error.Candidates.Count);
        Assert.All(error.Candidates, c => Assert.Equal(CandidateFailure.Parse, c.Failure));
        Assert.Equal(UnansweredReason.NoValidQuery, error.Kind);
        Assert.StartsWith("No answer for \"what?\": no candidate was a complete SELECT", error.Message);
        var none = new NlQueryEngine(new ScriptedTranslator());
        Assert.Equal(UnansweredReason.NoCompleteQuery, (await Assert.ThrowsAsync<UnansweredQuestionException>(() => none.AskAsync(connection, "what?"))).Kind);
    }

    [Fact]
    public async Task TriesAtMostMaxCandidates()
    {
        var engine = new NlQueryEngine(new ScriptedTranslator("SELECT nope FROM customers", "SELECT count(*) FROM customers"));
        await using var connection = _shop.Open();

        await Assert.ThrowsAsync<UnansweredQuestionException>(() => engine.AskAsync(connection, "how many?", new AskOptions { MaxCandidates = 1 }));
    }

    [Fact]
    public async Task PassesTheConversationAndRemembersAnsweredQuestions()
    {
        var translator = new ScriptedTranslator("SELECT count(*) FROM orders");
        var engine = new NlQueryEngine(translator);
        var conversation = new Conversation();
        var options = new AskOptions { Conversation = conversation };
        await using var connection = _shop.Open();

        await engine.AskAsync(connection, "how many orders?", options);
        await engine.AskAsync(connection, "and last year?", options);

        Assert.Equal(["how many orders?", "and last year?"], conversation.Questions);
        Assert.Equal([[], ["how many orders?"]], translator.Requests.Select(r => r.PreviousQuestions.ToArray()).ToArray());
    }

    [Fact]
    public async Task TranslateOnlyReturnsTheFirstCandidateThatParses()
    {
        var engine = new NlQueryEngine(new ScriptedTranslator("SELECT nope FROM customers", "SELECT max(joined_on) FROM customers"));
        await using var connection = _shop.Open();
        var before = _shop.Fingerprint();

        Assert.Equal("SELECT max(joined_on) FROM customers", await engine.TranslateAsync(connection, "latest join date?"));
        Assert.Equal("SELECT max(joined_on) FROM customers", engine.Translate(connection, "latest join date?"));
        Assert.Equal(before, _shop.Fingerprint());
    }

    [Fact]
    public void TheSynchronousAskRunsTheSamePath()
    {
        var engine = new NlQueryEngine(new ScriptedTranslator("SELECT nope FROM customers", "SELECT count(*) FROM products"));
        using var connection = _shop.Open();

        var answer = engine.Ask(connection, "how many products?");

        Assert.Equal("SELECT count(*) FROM products", answer.Sql);
        Assert.Equal(CandidateFailure.Parse, Assert.Single(answer.Alternatives).Failure);
    }

    [Fact]
    public async Task RunSqlChecksAndRunsTypedSqlReadOnly()
    {
        var engine = new NlQueryEngine(new ScriptedTranslator());
        await using var connection = _shop.Open();
        var before = _shop.Fingerprint();

        var (sql, rows) = await engine.RunSqlAsync(connection, "select count(*) from customers where city = \"Berlin\"");
        Assert.Equal("SELECT count(*) FROM customers WHERE city = 'Berlin'", sql);
        Assert.Single(rows.Rows);
        await Assert.ThrowsAsync<SqlParseException>(() => engine.RunSqlAsync(connection, "DELETE FROM customers"));
        Assert.Equal(before, _shop.Fingerprint());
    }

    [Fact]
    public async Task SixtyFourConcurrentQuestionsOnOneEngineAllSucceed()
    {
        var translator = new ScriptedTranslator(r => [new($"SELECT count(*) FROM orders WHERE order_id <= {r.Question.Split(' ')[^1]}", -0.5)]);
        var reader = new CountingSchemaReader();
        var engine = new NlQueryEngine(translator) { SchemaReaders = reader.For };

        var answers = await Task.WhenAll(Enumerable.Range(1, 64).Select(async i =>
        {
            await using var connection = _shop.Open();
            return await engine.AskAsync(connection, $"how many orders up to {i}");
        }));

        Assert.Equal(Enumerable.Range(1, 64).Select(i => (object)(long)i), answers.Select(a => a.Rows.Rows[0][0]));
        Assert.Equal(64, translator.Requests.Count);
        Assert.Equal(1, reader.Reads); // one caller read the schema; the other 63 waited for it
        Assert.Single(translator.Requests.Select(r => r.Schema).Distinct());
    }

    private static object? Scalar(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
