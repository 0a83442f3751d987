namespace NlQuery.Tests.Asking;

/// <summary>
/// Questions that ask to change data, in plain language or as SQL pasted in, are refused in words before any model
/// sees them; questions that merely mention changes are answered as usual.
/// </summary>
public sealed class WriteRequestTests : IDisposable
{
    private readonly ShopDatabase _shop = new();

    public void Dispose() => _shop.Dispose();

    public static TheoryData<string, string> Requests => new()
    {
        { "DELETE FROM customers", "delete rows" },
        { "delete all customers", "delete rows" },
        { "update every price to 0", "change rows" },
        { "UPDATE products SET price = 0", "change rows" },
        { "drop table customers", "drop tables or other objects" },
        { "please drop the orders table", "drop tables or other objects" },
        { "insert into customers (customer_id) values (99999)", "insert rows" },
        { "Add a customer named Bob", "insert rows" },
        { "Could you please remove the orders from 2020?", "delete rows" },
        { "SELECT 1; DROP TABLE customers", "drop tables or other objects" },
        { "please run WITH d AS (DELETE FROM customers RETURNING *) SELECT * FROM d", "delete rows" },
        { "ALTER TABLE customers RENAME TO c", "alter the schema" },
        { "grant select on customers to bob", "change permissions" },
        { "ATTACH DATABASE '/tmp/x.db' AS x", "attach or detach databases" },
        { "PRAGMA query_only = 0", "run pragmas" },
        { "  (truncate orders", "empty tables" },
        { "I want to set every city to 'Rome'", "change rows" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task ARequestToChangeDataIsRefusedBeforeTranslating(string question, string operation)
    {
        var before = _shop.Fingerprint();
        var translator = new ScriptedTranslator("SELECT count(*) FROM customers");
        var engine = new NlQueryEngine(translator);
        await using var connection = _shop.Open();

        var error = await Assert.ThrowsAsync<WriteRefusedException>(() => engine.AskAsync(connection, question));
        var translateError = await Assert.ThrowsAsync<WriteRefusedException>(() => engine.TranslateAsync(connection, question));

        Assert.Equal(operation, error.Operation);
        Assert.Equal(question, error.Question);
        Assert.Equal($"NlQuery only reads data; it will not {operation}. Nothing was run. Ask a question about the data instead.", error.Message);
        Assert.Equal(error.Message, translateError.Message);
        Assert.Empty(translator.Requests);
        Assert.Equal(before, _shop.Fingerprint());
    }

    [Theory]
    [InlineData("which customers were deleted?")]
    [InlineData("how many orders changed status?")]
    [InlineData("add up the prices of all products")]
    [InlineData("drop in sales by month")]
    [InlineData("create date of each order")]
    [InlineData("What is the update time of the last order?")]
    [InlineData("list the customers who set up an account in 2020")]
    public async Task QuestionsThatOnlyMentionChangesAreAnswered(string question)
    {
        var engine = new NlQueryEngine(new ScriptedTranslator("SELECT count(*) FROM customers"));
        await using var connection = _shop.Open();

        var answer = await engine.AskAsync(connection, question);

        Assert.Equal("SELECT count(*) FROM customers", answer.Sql);
    }
}
