using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace NlQuery.Tests.Asking;

public sealed class NlCommandTests : IDisposable
{
    private readonly ShopDatabase _shop = new();

    public void Dispose() => _shop.Dispose();

    [Fact]
    public async Task ExecuteReaderAndScalarTranslateThenRun()
    {
        var engine = new NlQueryEngine(new ScriptedTranslator("SELECT count(*) FROM products"));
        await using var connection = new NlConnection(_shop.Open(), engine);
        await using var command = connection.CreateCommand();
        command.CommandText = "how many products?";

        var scalar = command.ExecuteScalar();
        Assert.Equal("SELECT count(*) FROM products", command.GeneratedSql);
        Assert.Equal(scalar, await command.ExecuteScalarAsync());
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(scalar, reader.GetValue(0));
        Assert.NotNull(command.LastAnswer);
        Assert.Equal(3, connection.Conversation.Questions.Count);
    }

    [Fact]
    public async Task CancelStopsAnAsyncExecutionInProgress()
    {
        var translator = new StallingTranslator();
        await using var connection = new NlConnection(_shop.Open(), new NlQueryEngine(translator));
        await using var command = connection.CreateCommand();
        command.CommandText = "how many products?";

        var execution = command.ExecuteReaderAsync();
        await translator.Started.WaitAsync(TimeSpan.FromSeconds(30));
        command.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => execution.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Null(command.GeneratedSql);
    }

    [Fact]
    public async Task CancelReachesTheSyncMethodsFromAnotherThread()
    {
        var translator = new StallingTranslator();
        await using var connection = new NlConnection(_shop.Open(), new NlQueryEngine(translator));
        await using var command = connection.CreateCommand();
        command.CommandText = "how many products?";

        var execution = Task.Run(() => command.Prepare());
        await translator.Started.WaitAsync(TimeSpan.FromSeconds(30));
        command.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => execution.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task CancelWithNothingRunningChangesNothingForTheNextExecution()
    {
        var engine = new NlQueryEngine(new ScriptedTranslator("SELECT count(*) FROM products"));
        await using var connection = new NlConnection(_shop.Open(), engine);
        await using var command = connection.CreateCommand();
        command.CommandText = "how many products?";

        command.Cancel();
        Assert.NotNull(await command.ExecuteScalarAsync());
        command.Cancel();
        Assert.NotNull(command.ExecuteScalar());
    }

    [Fact]
    public async Task PrepareTranslatesWithoutRunning()
    {
        var translator = new ScriptedTranslator("SELECT first_name FROM customers WHERE city = \"Paris\"");
        await using var connection = new NlConnection(_shop.Open(), new NlQueryEngine(translator));
        await using var command = connection.CreateCommand();
        command.CommandText = "who lives in Paris?";

        command.Prepare();

        Assert.Equal("SELECT first_name FROM customers WHERE city = 'Paris'", command.GeneratedSql);
        Assert.Null(command.LastAnswer);
        Assert.Empty(connection.Conversation.Questions);
        command.CommandText = "something else";
        Assert.Null(command.GeneratedSql);
    }

    [Fact]
    public async Task ExecuteNonQueryAndParametersAreNotSupported()
    {
        await using var connection = new NlConnection(_shop.Open(), new NlQueryEngine(new ScriptedTranslator("DELETE FROM customers")));
        await using var command = connection.CreateCommand();
        command.CommandText = "delete all customers";
        var before = _shop.Fingerprint();

        Assert.Throws<NotSupportedException>(() => command.ExecuteNonQuery());
        Assert.Throws<NotSupportedException>(() => command.CreateParameter());
        Assert.Empty(command.Parameters);
        Assert.Contains("no parameters", Assert.Throws<NotSupportedException>(() => command.Parameters.Add(new SqliteParameter("@a", 1))).Message);
        Assert.Throws<WriteRefusedException>(() => command.ExecuteReader());
        Assert.Equal(before, _shop.Fingerprint());
    }

    [Fact]
    public void ACommandWithoutAConnectionOrWithAPlainOneFailsClearly()
    {
        using var command = new NlCommand { CommandText = "how many?" };
        Assert.Contains("no connection", Assert.Throws<InvalidOperationException>(() => command.ExecuteScalar()).Message);
        using var plain = _shop.Open();
        Assert.Throws<ArgumentException>(() => ((System.Data.Common.DbCommand)command).Connection = plain);
        Assert.Throws<NotSupportedException>(() => command.CommandType = CommandType.StoredProcedure);
    }

    public sealed record Product(long ProductId, string Name);

    [Fact]
    public async Task ExecuteReaderReturnsAnNlDataReaderWithTheAnswer()
    {
        var engine = new NlQueryEngine(new ScriptedTranslator("SELECT nope FROM products", "SELECT product_id, name FROM products ORDER BY product_id LIMIT 3"));
        await using var connection = new NlConnection(_shop.Open(), engine);
        await using var command = connection.CreateCommand();
        command.CommandText = "the first three products";

        using (NlDataReader reader = command.ExecuteReader())
        {
            Assert.Equal("SELECT product_id, name FROM products ORDER BY product_id LIMIT 3", reader.Sql);
            Assert.Equal(CandidateFailure.Parse, Assert.Single(reader.Alternatives).Failure);
            Assert.Same(command.LastAnswer, reader.Answer);
            Assert.True(reader.Timings.Total > TimeSpan.Zero);
            Assert.False(reader.IsTruncated);
            Assert.Equal(-1, reader.RecordsAffected);
            Assert.Equal(["product_id", "name"], [reader.GetName(0), reader.GetName(1)]);
            Assert.Equal(typeof(long), reader.GetFieldType(0));
            var ids = new List<long>();
            while (reader.Read())
                ids.Add(reader.GetInt64(0));
            Assert.Equal([1L, 2L, 3L], ids);
            Assert.False(reader.NextResult());
        }

        await using NlDataReader asyncReader = await command.ExecuteReaderAsync(CancellationToken.None);
        Assert.True(await asyncReader.ReadAsync());
        Assert.Equal("SELECT product_id, name FROM products ORDER BY product_id LIMIT 3", asyncReader.Sql);
        Assert.Equal(1L, asyncReader.GetFieldValue<long>(0));
    }

    [Fact]
    public async Task CloseConnectionBehaviorClosesTheConnectionWithTheReader()
    {
        var engine = new NlQueryEngine(new ScriptedTranslator("SELECT count(*) FROM products"));
        await using var connection = new NlConnection(_shop.Open(), engine);
        await using var command = connection.CreateCommand();
        command.CommandText = "how many products?";

        var reader = await command.ExecuteReaderAsync(CommandBehavior.CloseConnection);
        Assert.Equal(ConnectionState.Open, connection.State);
        await reader.DisposeAsync();
        Assert.True(reader.IsClosed);
        Assert.Equal(ConnectionState.Closed, connection.InnerConnection.State);

        await connection.OpenAsync();
        using (command.ExecuteReader())
        {
        }
        Assert.Equal(ConnectionState.Open, connection.State);
    }

    [Fact]
    public async Task DapperQueriesAnNlConnectionWithAQuestion()
    {
        // Dapper makes the command through DbConnection.CreateCommand and reads it through DbCommand.ExecuteReader:
        // both must reach the question path.
        var engine = new NlQueryEngine(new ScriptedTranslator("SELECT product_id AS ProductId, name AS Name FROM products ORDER BY product_id LIMIT 2"));
        await using var connection = new NlConnection(new SqliteConnection(_shop.ConnectionString), engine);

        var products = (await connection.QueryAsync<Product>("the first two products")).ToList();

        Assert.Equal([1L, 2L], products.Select(p => p.ProductId));
        Assert.Equal(ConnectionState.Closed, connection.State); // Dapper opened it, and closed it with the reader
        Assert.Equal(2, connection.Query<Product>("the first two products").Count());
    }
}
