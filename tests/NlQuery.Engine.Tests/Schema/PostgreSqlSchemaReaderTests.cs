using Npgsql;
using NlQuery.Schema;

namespace NlQuery.Tests.Schema;

public sealed class PostgreSqlSchemaReaderTests(PostgreSqlSchemaReaderTests.ServerFixture fixture)
    : IClassFixture<PostgreSqlSchemaReaderTests.ServerFixture>
{
    /// <summary>Starts the server only when a test runs (construction happens even for skipped tests' classes).</summary>
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

    [PostgresFact]
    public async Task ReadsTablesColumnsKeysAndViewsFromARealServer()
    {
        var server = fixture.Server;
        var database = "schema_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(server.ConnectionString()))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync();
        await using (var ddl = new NpgsqlCommand("""
            CREATE TABLE singer (singer_id int PRIMARY KEY, name varchar(40), "Net Worth" numeric(10,2));
            CREATE TABLE concert (id serial PRIMARY KEY, singer_id int REFERENCES singer (singer_id), "select" text);
            CREATE TABLE pair (a int, b int, PRIMARY KEY (a, b));
            CREATE TABLE pair_ref (x int, y int, FOREIGN KEY (x, y) REFERENCES pair (a, b));
            ALTER TABLE concert DROP COLUMN "select";
            CREATE VIEW rich AS SELECT name FROM singer;
            CREATE SCHEMA other; CREATE TABLE other.hidden (z int);
            """, connection))
            await ddl.ExecuteNonQueryAsync();

        var schema = await PostgreSqlSchemaReader.Instance.ReadAsync(connection);

        Assert.Equal(database, schema.Name);
        Assert.Equal(["singer", "concert", "pair", "pair_ref", "rich"], schema.Tables.Select(t => t.Name));
        var singer = schema.FindTable("SINGER")!;
        Assert.Equal(["singer_id", "name", "Net Worth"], singer.Columns.Select(c => c.Name));
        Assert.Equal("character varying(40)", singer.FindColumn("name")!.DeclaredType);
        Assert.True(singer.FindColumn("singer_id")!.IsPrimaryKey);
        Assert.Equal(["id", "singer_id"], schema.FindTable("concert")!.Columns.Select(c => c.Name));
        Assert.True(schema.FindTable("pair")!.Columns.All(c => c.IsPrimaryKey));
        Assert.True(schema.FindTable("rich")!.IsView);
        Assert.Equal(["concert.singer_id -> singer.singer_id", "pair_ref.x -> pair.a", "pair_ref.y -> pair.b"],
            schema.ForeignKeys.Select(k => k.ToString()));

        var other = new PostgreSqlSchemaReader { SchemaName = "other" }.Read(connection);
        Assert.Equal("hidden", Assert.Single(other.Tables).Name);
    }
}
