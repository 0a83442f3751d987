using System.Data;
using Microsoft.Data.Sqlite;

namespace NlQuery.Tests.Asking;

public sealed class NlConnectionTests : IDisposable
{
    private readonly ShopDatabase _shop = new();

    public void Dispose() => _shop.Dispose();

    [Fact]
    public async Task ForwardsStateOpeningAndTransactions()
    {
        var inner = new SqliteConnection(_shop.ConnectionString);
        await using var connection = new NlConnection(inner);
        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal(_shop.ConnectionString, connection.ConnectionString);

        await connection.OpenAsync();
        Assert.Equal(ConnectionState.Open, inner.State);
        Assert.Equal(inner.DataSource, connection.DataSource);
        using (var transaction = connection.BeginTransaction())
            Assert.Same(inner, transaction.Connection);
        Assert.IsType<NlCommand>(((System.Data.Common.DbConnection)connection).CreateCommand());

        connection.Close();
        Assert.Equal(ConnectionState.Closed, inner.State);
    }

    [Fact]
    public async Task AskAsyncOnTheWrapperAsksTheInnerConnection()
    {
        var engine = new NlQueryEngine(new ScriptedTranslator("SELECT count(*) FROM employees"));
        await using var connection = new NlConnection(_shop.Open(), engine);

        var answer = await connection.AskAsync("how many employees?", new AskOptions { Engine = engine });

        Assert.Equal("SELECT count(*) FROM employees", answer.Sql);
    }
}
