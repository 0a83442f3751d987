using Microsoft.Data.Sqlite;
using NlQuery.Translation;

namespace NlQuery.Tests.Asking;

/// <summary>The engine describes a database once and reuses it until the schema changes, the lifetime ends or it is told to forget.</summary>
public sealed class SchemaCacheTests : IDisposable
{
    private readonly ShopDatabase _shop = new();
    private readonly CountingSchemaReader _reader = new();

    public void Dispose() => _shop.Dispose();

    /// <summary>Counts warehouses once the table exists, customers before: which one ran shows which schema was seen.</summary>
    private static ScriptedTranslator WarehousesWhenKnown() => new(r =>
        [new SqlCandidate(r.Schema.FindTable("warehouses") is null ? "SELECT count(*) FROM customers" : "SELECT count(*) FROM warehouses", -0.1)]);

    private NlQueryEngine Engine(ITranslator translator, TimeSpan? lifetime = null) => lifetime is { } l
        ? new NlQueryEngine(translator) { SchemaReaders = _reader.For, SchemaCacheLifetime = l }
        : new NlQueryEngine(translator) { SchemaReaders = _reader.For };

    private void AddWarehouses()
    {
        // Another connection, as another process would: SQLite's schema_version changes for every connection.
        using var connection = _shop.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE warehouses (warehouse_id INTEGER PRIMARY KEY, name TEXT); INSERT INTO warehouses (name) VALUES ('North'), ('South');";
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task TheSecondQuestionReusesTheSchemaAndValueIndex()
    {
        var translator = new ScriptedTranslator("SELECT count(*) FROM customers");
        var engine = Engine(translator);

        await using (var first = _shop.Open())
            await engine.AskAsync(first, "how many customers?");
        await using (var second = _shop.Open())
            engine.Ask(second, "how many customers?");

        Assert.Equal(1, _reader.Reads);
        var requests = translator.Requests.ToArray();
        Assert.Same(requests[0].Schema, requests[1].Schema);
        Assert.NotNull(requests[0].Values);
        Assert.Same(requests[0].Values, requests[1].Values);
    }

    [Fact]
    public async Task ASchemaChangeIsSeenByTheNextQuestion()
    {
        var engine = Engine(WarehousesWhenKnown());
        await using var connection = _shop.Open();

        Assert.Equal("SELECT count(*) FROM customers", (await engine.AskAsync(connection, "how many warehouses?")).Sql);
        AddWarehouses();
        var answer = await engine.AskAsync(connection, "how many warehouses?");

        Assert.Equal("SELECT count(*) FROM warehouses", answer.Sql);
        Assert.Equal(2L, answer.Rows.Rows[0][0]);
        Assert.Equal(2, _reader.Reads);
    }

    [Fact]
    public async Task ClearSchemaCacheForgetsOneDatabaseOrAll()
    {
        var engine = Engine(new ScriptedTranslator("SELECT count(*) FROM customers"));
        using var other = new ShopDatabase();
        await using var shop = _shop.Open();
        await using var otherShop = other.Open();
        await engine.AskAsync(shop, "how many customers?");
        await engine.AskAsync(otherShop, "how many customers?");
        Assert.Equal(2, _reader.Reads);

        engine.ClearSchemaCache(new NlConnection(shop));
        await engine.AskAsync(shop, "how many customers?");
        await engine.AskAsync(otherShop, "how many customers?");
        Assert.Equal(3, _reader.Reads);

        engine.ClearSchemaCache();
        await engine.AskAsync(shop, "how many customers?");
        await engine.AskAsync(otherShop, "how many customers?");
        Assert.Equal(5, _reader.Reads);
    }

    [Fact]
    public async Task TheLifetimeBoundsReuse()
    {
        await using var connection = _shop.Open();
        var never = Engine(new ScriptedTranslator("SELECT count(*) FROM customers"), TimeSpan.Zero);
        await never.AskAsync(connection, "how many customers?");
        await never.AskAsync(connection, "how many customers?");
        Assert.Equal(2, _reader.Reads);

        var brief = Engine(new ScriptedTranslator("SELECT count(*) FROM customers"), TimeSpan.FromMilliseconds(50));
        await brief.AskAsync(connection, "how many customers?");
        await Task.Delay(200);
        await brief.AskAsync(connection, "how many customers?");
        Assert.Equal(4, _reader.Reads);

        Assert.Throws<ArgumentOutOfRangeException>(() => new NlQueryEngine(new ScriptedTranslator()) { SchemaCacheLifetime = TimeSpan.FromSeconds(-1) });
    }

    [Fact]
    public async Task ADifferentDialectIsDescribedSeparately()
    {
        var translator = new ScriptedTranslator("SELECT count(*) FROM customers");
        var engine = Engine(translator);
        await using var connection = _shop.Open();

        await engine.TranslateAsync(connection, "how many customers?");
        await engine.TranslateAsync(connection, "how many customers?", new AskOptions { Dialect = NlQuery.Sql.SqlDialect.PostgreSql });

        Assert.Equal(2, _reader.Reads);
        Assert.Equal([NlQuery.Sql.SqlDialect.Sqlite, NlQuery.Sql.SqlDialect.PostgreSql], translator.Requests.Select(r => r.Dialect));
    }

    [Fact]
    public async Task InMemoryDatabasesAreNeverShared()
    {
        var engine = Engine(new ScriptedTranslator("SELECT count(*) FROM t"));
        foreach (var rows in new[] { 1, 3 })
        {
            await using var memory = new SqliteConnection("Data Source=:memory:");
            await memory.OpenAsync();
            await using (var command = memory.CreateCommand())
            {
                command.CommandText = "CREATE TABLE t (a INTEGER);" + string.Concat(Enumerable.Repeat("INSERT INTO t VALUES (1);", rows));
                await command.ExecuteNonQueryAsync();
            }
            Assert.Equal((long)rows, (await engine.AskAsync(memory, "how many?")).Rows.Rows[0][0]);
        }
        Assert.Equal(2, _reader.Reads);
    }
}
