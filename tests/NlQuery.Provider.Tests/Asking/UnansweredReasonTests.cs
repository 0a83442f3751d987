using NlQuery.Feedback;

namespace NlQuery.Tests.Asking;

/// <summary>
/// When no candidate survives, the exception says why in words (<see cref="UnansweredQuestionException.Reason"/>),
/// keeps what the model saw, and the question can still be corrected; corrections are checked before they are stored.
/// </summary>
public sealed class UnansweredReasonTests : IDisposable
{
    private readonly ShopDatabase _shop = new();
    private readonly string _feedbackPath = Path.Combine(Path.GetTempPath(), $"nlq-feedback-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        _shop.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        SqliteFiles.Delete(_feedbackPath);
    }

    private async Task<UnansweredQuestionException> Fails(ScriptedTranslator translator, string question)
    {
        await using var connection = _shop.Open();
        return await Assert.ThrowsAsync<UnansweredQuestionException>(() => new NlQueryEngine(translator).AskAsync(connection, question));
    }

    [Fact]
    public async Task NoCandidatesMeansNoCompleteQueryWithinTheLengthLimit()
    {
        var error = await Fails(new ScriptedTranslator(), "how many customers are there?");

        Assert.Equal(UnansweredReason.NoCompleteQuery, error.Kind);
        Assert.Equal("the model wrote no complete SQL query within its length limit", error.Reason);
        Assert.Equal("No answer for \"how many customers are there?\": the model wrote no complete SQL query within its length limit.", error.Message);
        Assert.Equal("input: how many customers are there?", error.ModelInput);
    }

    [Fact]
    public async Task CandidatesTheDatabaseRejectsAreReportedWithTheFirstError()
    {
        var error = await Fails(new ScriptedTranslator("SELECT nope FROM customers", "SELECT abs(-9223372036854775808) FROM customers"),
            "how many customers are there?");

        Assert.Equal(UnansweredReason.DatabaseRejected, error.Kind);
        Assert.StartsWith("every candidate failed on the database; the first error: ", error.Reason);
        Assert.Contains("integer overflow", error.Reason);
        Assert.Equal([CandidateFailure.Parse, CandidateFailure.Execution], error.Candidates.Select(c => c.Failure));
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task CandidatesTheParserRefusesAreReportedWithTheFirstReason()
    {
        var error = await Fails(new ScriptedTranslator("SELECT nope FROM customers", "SELECT FROM"), "list the customers");

        Assert.Equal(UnansweredReason.NoValidQuery, error.Kind);
        Assert.StartsWith("no candidate was a complete SELECT over this database's tables (the first: unknown column 'nope'", error.Reason);
    }

    [Theory]
    [InlineData("Combien de clients y a-t-il ?")]
    [InlineData("客户有多少？")]
    [InlineData("¿Cuántos clientes hay en la tienda?")]
    public async Task AQuestionThatIsNotEnglishIsRefusedBeforeTheModelRuns(string question)
    {
        var translator = new ScriptedTranslator("SELECT count(*) FROM customers");
        var error = await Fails(translator, question);

        Assert.Equal(UnansweredReason.NotEnglish, error.Kind);
        Assert.Equal("the language is not English; NlQuery's models read English questions only", error.Reason);
        Assert.Empty(translator.Requests);
        Assert.Empty(error.Candidates);
    }

    [Fact]
    public async Task AQuestionThatNamesNothingInTheSchemaSaysSo()
    {
        var error = await Fails(new ScriptedTranslator { Summarise = true }, "what is the weather like tomorrow?");
        var about = await Fails(new ScriptedTranslator { Summarise = true }, "how many customers live in Rome?");

        Assert.Equal(UnansweredReason.NotAboutThisDatabase, error.Kind);
        Assert.StartsWith("the question names nothing in this database", error.Reason);
        Assert.NotNull(error.SchemaSummary);
        Assert.Equal(UnansweredReason.NoCompleteQuery, about.Kind);
    }

    [Fact]
    public async Task ControlCharactersInTheQuestionAreEscapedInTheMessage()
    {
        var error = await Fails(new ScriptedTranslator(), "evil \u001b[31mred\u001b]0;title\u0007 question");

        Assert.DoesNotContain('\u001b', error.Message);
        Assert.DoesNotContain('\u0007', error.Message);
        Assert.Contains("evil \\u001B[31mred\\u001B]0;title\\u0007 question", error.Message);
        Assert.Equal("evil \u001b[31mred\u001b]0;title\u0007 question", error.Question);
    }

    [Fact]
    public async Task AnUnansweredQuestionCanBeCorrectedAndBadCorrectionsAreRefused()
    {
        var store = FeedbackStore.OpenFile(_feedbackPath);
        await using (var engine = new NlQueryEngine(new ScriptedTranslator("SELECT count(*) FROM orders"), store))
        {
            await using var connection = _shop.Open();
            await engine.CorrectAsync(connection, "how many customers?", "SELECT count(*) FROM customers");

            var notSql = await Assert.ThrowsAsync<ArgumentException>(() => engine.CorrectAsync(connection, "how many customers?", "this is not sql"));
            Assert.Equal("The correction was refused (kept as rejected, never trained on): it is not a complete SELECT for this database: only SELECT statements are allowed, got 'this' (at offset 0)",
                notSql.Message);
            await Assert.ThrowsAsync<ArgumentException>(() => engine.CorrectAsync(connection, "how many customers?", "SELECT nope FROM customers"));
            await Assert.ThrowsAsync<ArgumentException>(() => engine.CorrectAsync(connection, "how many customers?", "DELETE FROM customers"));

            var answer = await engine.AskAsync(connection, "how many orders?");
            await Assert.ThrowsAsync<ArgumentException>(() => answer.CorrectAsync("this is not sql"));
            await answer.CorrectAsync("SELECT count(*) FROM orders WHERE status = 'shipped'");
        }

        var records = new List<FeedbackRecord>();
        await using (var reopened = FeedbackStore.OpenFile(_feedbackPath))
        {
            await foreach (var record in reopened.ReadAllAsync())
                records.Add(record);
        }
        // Refused corrections are kept as rejected, with the reason the caller was given; only accepted ones are trained on.
        var accepted = records.Where(r => r.Status == FeedbackStatus.Accepted).ToList();
        Assert.Equal(["SELECT count(*) FROM customers", "SELECT count(*) FROM orders WHERE status = 'shipped'"], accepted.Select(r => r.CorrectedSql));
        Assert.Null(accepted[0].GeneratedSql);
        Assert.Equal("SELECT count(*) FROM orders", accepted[1].GeneratedSql);
        var rejected = records.Where(r => r.Status == FeedbackStatus.Rejected).ToList();
        Assert.Equal(["this is not sql", "SELECT nope FROM customers", "DELETE FROM customers", "this is not sql"], rejected.Select(r => r.CorrectedSql));
        Assert.All(rejected, r => Assert.StartsWith("The correction was refused (kept as rejected, never trained on): ", r.Reason));
        Assert.Equal("SELECT count(*) FROM orders", rejected[3].GeneratedSql);
    }
}
