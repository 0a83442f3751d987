using NlQuery.Feedback;

namespace NlQuery.Tests.Asking;

public sealed class AnswerTests : IDisposable
{
    private readonly ShopDatabase _shop = new();
    private readonly string _feedbackPath = Path.Combine(Path.GetTempPath(), $"nlq-feedback-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        _shop.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        SqliteFiles.Delete(_feedbackPath);
    }

    public sealed record Customer(long CustomerId, string FirstName, string City);

    [Fact]
    public async Task CorrectionsAndRatingsReachTheFeedbackStore()
    {
        var store = FeedbackStore.OpenFile(_feedbackPath);
        await using (var engine = new NlQueryEngine(new ScriptedTranslator("SELECT count(*) FROM orders"), store))
        {
            await using var connection = _shop.Open();
            var answer = await engine.AskAsync(connection, "how many customers?");
            await answer.CorrectAsync("SELECT count(*) FROM customers");
            await answer.RateAsync(false);
        }

        var records = new List<FeedbackRecord>();
        await using (var reopened = FeedbackStore.OpenFile(_feedbackPath))
        {
            await foreach (var record in reopened.ReadAllAsync())
                records.Add(record);
        }
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal("how many customers?", r.Question));
        Assert.All(records, r => Assert.Equal("SELECT count(*) FROM orders", r.GeneratedSql));
        Assert.Equal("SELECT count(*) FROM customers", records[0].CorrectedSql);
        Assert.False(records[1].Rating);
        Assert.Equal(64, records[0].SchemaHash.Length);
    }

    [Fact]
    public async Task TheRowsReadAsADataReaderAndMapThroughDapper()
    {
        var engine = new NlQueryEngine(new ScriptedTranslator("SELECT customer_id AS CustomerId, first_name AS FirstName, city AS City FROM customers ORDER BY customer_id LIMIT 2"));
        await using var connection = _shop.Open();

        var answer = await engine.AskAsync(connection, "first two customers");
        using (var reader = answer.CreateReader())
        {
            Assert.Equal(3, reader.FieldCount);
            Assert.True(reader.Read());
            Assert.Equal(answer.Rows.Rows[0][1], reader.GetValue(1));
        }
        var customers = await connection.AskAsync<Customer>("first two customers", new AskOptions { Engine = engine });

        Assert.Equal(2, customers.Count);
        Assert.Equal((long)answer.Rows.Rows[1][0]!, customers[1].CustomerId);
        Assert.Equal((string)answer.Rows.Rows[1][2]!, customers[1].City);
    }

    [Fact]
    public async Task RepeatedColumnNamesStillMakeADataTable()
    {
        var engine = new NlQueryEngine(new ScriptedTranslator("SELECT o.customer_id, c.customer_id FROM orders AS o JOIN customers AS c ON o.customer_id = c.customer_id LIMIT 1"));
        await using var connection = _shop.Open();

        var table = (await engine.AskAsync(connection, "ids")).ToDataTable();

        Assert.Equal(2, table.Columns.Count);
        Assert.Equal(table.Rows[0][0], table.Rows[0][1]);
    }

    [Fact]
    public async Task FeedbackIntoTheUsersDatabaseLeavesItsJournalModeAndIsHiddenFromTheModel()
    {
        var store = FeedbackStore.InDatabase(() => new Microsoft.Data.Sqlite.SqliteConnection(_shop.ConnectionString), NlQuery.Schema.DatabaseKind.Sqlite);
        var translator = new ScriptedTranslator("SELECT count(*) FROM orders");
        await using (var engine = new NlQueryEngine(translator, store))
        {
            await using var connection = _shop.Open();
            await (await engine.AskAsync(connection, "how many orders?")).RateAsync(true);
            await engine.AskAsync(connection, "how many orders?");
        }

        await using var check = _shop.Open();
        await using var command = check.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM nlquery_feedback WHERE rating = 1), (SELECT journal_mode FROM pragma_journal_mode)";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1L, reader.GetInt64(0));
        Assert.Equal("delete", reader.GetString(1));
        var requests = translator.Requests.ToArray();
        Assert.All(requests, r => Assert.Null(r.Schema.FindTable(FeedbackStore.TableName)));
        Assert.Contains("customers", requests[1].Schema.Tables.Select(t => t.Name));
        await using var engineView = new NlQueryEngine(translator);
        Assert.Null((await engineView.GetSchemaAsync(check)).FindTable(FeedbackStore.TableName));
        Assert.NotNull(NlQuery.Schema.SqliteSchemaReader.Instance.Read(check).FindTable(FeedbackStore.TableName));
    }
}
