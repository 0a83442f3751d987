using Microsoft.Data.Sqlite;

namespace NlQuery.Tests.Asking;

public sealed class BadInputTests : IDisposable
{
    private readonly ShopDatabase _shop = new();
    private readonly NlQueryEngine _engine = new(new ScriptedTranslator("SELECT count(*) FROM customers"));

    public void Dispose() => _shop.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n")]
    public async Task AnEmptyQuestionIsRefused(string question)
    {
        await using var connection = _shop.Open();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _engine.AskAsync(connection, question));
        Assert.Contains("question is empty", error.Message);
    }

    [Fact]
    public async Task AHundredKilobyteQuestionIsRefusedWithItsLength()
    {
        await using var connection = _shop.Open();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _engine.AskAsync(connection, new string('a', 100 * 1024)));
        Assert.Contains("102,400 characters", error.Message);
        Assert.Contains("at most 4,000", error.Message);
    }

    [Fact]
    public async Task AClosedConnectionIsRefused()
    {
        await using var connection = new SqliteConnection(_shop.ConnectionString);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _engine.AskAsync(connection, "how many customers?"));
        Assert.Contains("must be open", error.Message);
    }

    [Fact]
    public async Task AnUnsupportedConnectionTypeIsRefused()
    {
        // An NlConnection around an NlConnection: the inner one is no database NlQuery knows.
        await using var inner = new NlConnection(_shop.Open());
        await using var outer = new NlConnection(inner);
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => _engine.AskAsync(outer, "how many customers?"));
        Assert.Contains("NlQuery.NlConnection", error.Message);
    }

    [Fact]
    public void NoDefaultEngineAndNoDefaultModelIsAClearError()
    {
        // The default engine is process-wide state other tests set; what it does when nothing was configured is tested
        // through the factory it calls, with the model search's result given.
        var error = Assert.Throws<InvalidOperationException>(() => NlQueryEngine.OverDefaultModel(null));
        Assert.Contains("NlQueryEngine.Use", error.Message);
        Assert.Contains("models/default", error.Message);
    }
}
