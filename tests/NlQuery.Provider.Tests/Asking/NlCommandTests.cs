using System.Data;

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
        Assert.Throws<UnansweredQuestionException>(() => command.ExecuteReader());
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
}
