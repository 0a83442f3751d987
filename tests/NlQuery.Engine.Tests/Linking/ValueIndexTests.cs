using Microsoft.Data.Sqlite;
using Npgsql;
using NlQuery.Linking;
using NlQuery.Schema;

namespace NlQuery.Tests.Linking;

public sealed class ValueIndexTests(ValueIndexTests.ServerFixture fixture) : IClassFixture<ValueIndexTests.ServerFixture>
{
    /// <summary>Starts PostgreSQL only when a test needs it.</summary>
    public sealed class ServerFixture : IDisposable
    {
        private readonly Lazy<PostgresServer> _server = new(() => new PostgresServer());

        public PostgresServer Server => _server.Value;

        public void Dispose()
        {
            if (_server.IsValueCreated)
                _server.Value.Dispose();
        }
    }

    private static SqliteConnection Open(string sql)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        return connection;
    }

    [Fact]
    public void ReadsDistinctTextValuesAndNotesOtherKinds()
    {
        using var connection = Open(""""
            CREATE TABLE "odd ""table""" ("a col", n int, b blob);
            INSERT INTO "odd ""table""" VALUES ('x', 1, X'68C3A9'), ('x', NULL, X'FF'), ('y', 2, NULL), (3, 3, NULL);
            CREATE VIEW v AS SELECT "a col" FROM "odd ""table""";
            """");
        var schema = SqliteSchemaReader.Instance.Read(connection);
        var index = ValueIndex.Build(connection, schema, ValueIndexOptions.Complete);

        Assert.Equal(3, index.Columns.Count); // the view is not indexed
        var text = index.Find("ODD \"TABLE\"", "A COL")!;
        Assert.Equal(["x", "y"], text.TextValues);
        Assert.True(text.HasNonTextValues); // the integer 3
        var numbers = index.Find("odd \"table\"", "n")!;
        Assert.Empty(numbers.TextValues);
        Assert.True(numbers.HasNonTextValues);
        // Blobs decode as UTF-8, or Latin-1 when they are not UTF-8, as PICARD decodes them.
        Assert.Equal(["hé", "ÿ"], index.Find("odd \"table\"", "b")!.TextValues);
        Assert.Null(index.Find("odd \"table\"", "missing"));
        Assert.False(text.IsTruncated);
    }

    [Fact]
    public void ViewsAreIndexedOnRequest()
    {
        using var connection = Open("CREATE TABLE t (c text); INSERT INTO t VALUES ('a'); CREATE VIEW v AS SELECT c FROM t;");
        var schema = SqliteSchemaReader.Instance.Read(connection);
        var index = ValueIndex.Build(connection, schema, new ValueIndexOptions { IncludeViews = true });
        Assert.Equal(["a"], index.Find("v", "c")!.TextValues);
    }

    [Fact]
    public void LargeColumnsAreCappedDeterministically()
    {
        using var connection = Open("""
            CREATE TABLE t (c text);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) INSERT INTO t SELECT 'v' || (i % 100) FROM n;
            """);
        var schema = SqliteSchemaReader.Instance.Read(connection);

        var capped = ValueIndex.Build(connection, schema, new ValueIndexOptions { MaxValuesPerColumn = 10, MaxRowsPerColumn = null }).Find("t", "c")!;
        Assert.Equal(10, capped.TextValues.Count);
        Assert.True(capped.IsTruncated);

        // Only the first 50 rows are read: 50 distinct values, and the cap of 100 is not reached.
        var sampled = ValueIndex.Build(connection, schema, new ValueIndexOptions { MaxRowsPerColumn = 50, MaxValuesPerColumn = 100 }).Find("t", "c")!;
        Assert.Equal(Enumerable.Range(1, 50).Select(i => "v" + i), sampled.TextValues);
        Assert.False(sampled.IsTruncated);

        Assert.Equal(100, ValueIndex.Build(connection, schema).Find("t", "c")!.TextValues.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => ValueIndex.Build(connection, schema, new ValueIndexOptions { MaxValuesPerColumn = 0 }));
    }

    [Fact]
    public async Task AsyncBuildsTheSameIndex()
    {
        using var connection = Open("CREATE TABLE t (c text, d text); INSERT INTO t VALUES ('a', 'b'), ('c', 'd');");
        var schema = SqliteSchemaReader.Instance.Read(connection);
        var sync = ValueIndex.Build(connection, schema);
        var async = await ValueIndex.BuildAsync(connection, schema);
        Assert.Equal(sync.Columns.Select(c => string.Join(",", c.TextValues)), async.Columns.Select(c => string.Join(",", c.TextValues)));
    }

    [Fact]
    public void MatchReportsCandidatesAndSelectedValuesPerColumn()
    {
        using var connection = Open("""
            CREATE TABLE city (name text, country text);
            INSERT INTO city VALUES ('Oslo', 'Norway'), ('Bergen', 'Norway'), ('Stockholm', 'Sweden');
            """);
        var schema = SqliteSchemaReader.Instance.Read(connection);
        var result = ValueIndex.Build(connection, schema).Match("cities of norway except osloo");

        Assert.Equal(["city.name", "city.country"], result.Columns.Select(c => c.TableName + "." + c.ColumnName));
        var names = result.Find("CITY", "NAME")!;
        Assert.Equal(8 / 9.0, Assert.Single(names.Candidates).Score, 12); // "oslo" against "osloo"
        Assert.Empty(names.Selected); // "name" columns list exact matches only
        Assert.Equal(["Norway"], result.GetSelectedValues("city", "country"));
        Assert.Empty(result.GetSelectedValues("city", "nothing"));
    }

    [Fact]
    public void BadInputGetsClearErrors()
    {
        using var connection = Open("CREATE TABLE t (c text);");
        var schema = SqliteSchemaReader.Instance.Read(connection);
        Assert.Contains("'t.x'", Assert.Throws<ArgumentException>(() => new ValueIndex(schema, [new ColumnValues("t", "x", [])])).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() =>
            new ValueIndex(schema, [new ColumnValues("t", "c", []), new ColumnValues("T", "C", [])])).Message);

        using var closed = new SqliteConnection("Data Source=:memory:");
        Assert.Throws<InvalidOperationException>(() => ValueIndex.Build(closed, schema));

        // A schema that does not fit the database: the failing column is named.
        var wrong = new DatabaseSchema("db", [new Table("missing", [new Column("c")])]);
        Assert.Contains("'missing.c'", Assert.Throws<InvalidOperationException>(() => ValueIndex.Build(connection, wrong)).Message);
    }

    [PostgresFact]
    public async Task BuildsOverPostgreSqlIncludingANonDefaultSchema()
    {
        var database = "values_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(fixture.Server.ConnectionString()))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }
        await using var connection = new NpgsqlConnection(fixture.Server.ConnectionString(database));
        await connection.OpenAsync();
        await using (var ddl = new NpgsqlCommand("""
            CREATE SCHEMA shop;
            CREATE TABLE shop."Customer" ("City" text, visits int);
            INSERT INTO shop."Customer" VALUES ('Oslo', 1), ('Bergen', NULL), ('Oslo', 3);
            """, connection))
            await ddl.ExecuteNonQueryAsync();

        var schema = await new PostgreSqlSchemaReader { SchemaName = "shop" }.ReadAsync(connection);
        var index = await ValueIndex.BuildAsync(connection, schema, new ValueIndexOptions { SchemaName = "shop" });

        Assert.Equal(["Bergen", "Oslo"], index.Find("Customer", "City")!.TextValues.Order());
        Assert.True(index.Find("Customer", "visits")!.HasNonTextValues);
        Assert.Equal(["Oslo"], index.Match("customers in oslo").GetSelectedValues("Customer", "City"));
    }
}
