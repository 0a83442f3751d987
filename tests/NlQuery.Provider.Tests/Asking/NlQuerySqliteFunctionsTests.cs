namespace NlQuery.Tests.Asking;

public sealed class NlQuerySqliteFunctionsTests : IDisposable
{
    private readonly ShopDatabase _shop = new();

    public void Dispose() => _shop.Dispose();

    [Fact]
    public async Task NlSqlReturnsTheTranslatedSqlText()
    {
        var translator = new ScriptedTranslator(r => [new($"SELECT count(*) FROM {(r.Question.Contains("orders") ? "orders" : "customers")}", -0.2)]);
        await using var connection = _shop.Open();
        NlQuerySqliteFunctions.Register(connection, new NlQueryEngine(translator));

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT nl_sql('how many orders are there?'), nl_sql('how many customers?')";
        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal("SELECT count(*) FROM orders", reader.GetString(0));
        Assert.Equal("SELECT count(*) FROM customers", reader.GetString(1));
    }
}
