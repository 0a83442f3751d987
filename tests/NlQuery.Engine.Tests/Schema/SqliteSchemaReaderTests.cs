using Microsoft.Data.Sqlite;
using NlQuery.Schema;

namespace NlQuery.Tests.Schema;

public sealed class SqliteSchemaReaderTests
{
    private static SqliteConnection Open(string ddl)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = ddl;
        command.ExecuteNonQuery();
        return connection;
    }

    [Fact]
    public void ReadsTablesColumnsTypesKeysInDeclarationOrder()
    {
        using var connection = Open("""
            CREATE TABLE "Singer" (Singer_ID int PRIMARY KEY, Name text, "Net Worth" real);
            CREATE TABLE concert (id INTEGER PRIMARY KEY, singer_id int REFERENCES Singer(Singer_ID), "select" varchar(20), "odd""name" blob);
            CREATE VIEW rich AS SELECT Name FROM Singer;
            """);
        var schema = SqliteSchemaReader.Instance.Read(connection, "concerts");

        Assert.Equal("concerts", schema.Name);
        Assert.Equal(["Singer", "concert", "rich"], schema.Tables.Select(t => t.Name));
        var singer = schema.FindTable("SINGER")!;
        Assert.Equal(["Singer_ID", "Name", "Net Worth"], singer.Columns.Select(c => c.Name));
        Assert.True(singer.FindColumn("singer_id")!.IsPrimaryKey);
        Assert.Equal("real", singer.FindColumn("net worth")!.DeclaredType, ignoreCase: true);
        Assert.NotNull(schema.FindTable("concert")!.FindColumn("SELECT"));
        Assert.NotNull(schema.FindTable("concert")!.FindColumn("odd\"name"));
        Assert.True(schema.FindTable("rich")!.IsView);
        var key = Assert.Single(schema.ForeignKeys);
        Assert.Equal("concert.singer_id -> Singer.Singer_ID", key.ToString());
    }

    [Fact]
    public async Task AsyncAndSyncReadTheSameSchema()
    {
        using var connection = Open("CREATE TABLE a (x int, y text); CREATE TABLE b (a_x int REFERENCES a);");
        var sync = SqliteSchemaReader.Instance.Read(connection);
        var async = await SqliteSchemaReader.Instance.ReadAsync(connection);
        Assert.Equal(sync.ComputeHash(), async.ComputeHash());
    }

    [Fact]
    public void KeyWithoutTargetColumnReferencesThePrimaryKeyAndBrokenKeysAreSkipped()
    {
        using var connection = Open("""
            CREATE TABLE parent (pid int PRIMARY KEY, v text);
            CREATE TABLE child (p int REFERENCES parent, q int REFERENCES missing(id), r int REFERENCES parent(nope));
            """);
        var schema = SqliteSchemaReader.Instance.Read(connection);
        var key = Assert.Single(schema.ForeignKeys);
        Assert.Equal("child.p -> parent.pid", key.ToString());
    }

    [Fact]
    public void ClosedConnectionIsAClearError()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        var error = Assert.Throws<InvalidOperationException>(() => SqliteSchemaReader.Instance.Read(connection));
        Assert.Contains("must be open", error.Message);
    }

    [Fact]
    public void HashChangesWithTheSchema()
    {
        using var a = Open("CREATE TABLE t (x int)");
        using var b = Open("CREATE TABLE t (x text)");
        Assert.NotEqual(SqliteSchemaReader.Instance.Read(a, "d").ComputeHash(), SqliteSchemaReader.Instance.Read(b, "d").ComputeHash());
    }
}
