using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NlQuery.Schema;
using NlQuery.Sql;
using NlQuery.Tests;

namespace NlQuery.Cli.Tests;

/// <summary><c>nlq generate</c> run as a user runs it, on the tiny-t5 fixture (real SQL for a seen input, garbage otherwise).</summary>
public sealed class GenerateCommandTests
{
    private static string Model => Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5");

    private static readonly string[] GarbageInputs =
    [
        "Which countries have more than two singers? | singer : country",
        "List every concert theme | concert : theme , year",
        "How old is the youngest singer? | concert_singer | singer : name , age",
        "zzz | qqq",
    ];

    [Fact]
    public async Task WithoutASchemaTheSeenInputDecodesToItsSql()
    {
        var golden = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Model, "golden.json"))).RootElement.GetProperty("greedy")[0];
        var (exitCode, stdout, stderr) = await RunNlqAsync(golden.GetProperty("text").GetString() + "\n",
            "generate", "--model", Model, "--beams", "1", "--max-length", "40");
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("select avg(capacity) from stadium where year > 2010\n", stdout);
    }

    [Fact]
    public async Task WithADatabaseEveryLineIsSqlTheParserAcceptsAgainstItsSchema()
    {
        var folder = Path.Combine(Path.GetTempPath(), "nlq-generate-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var db = Path.Combine(folder, "concert_singer.sqlite");
        try
        {
            DatabaseSchema schema;
            await using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var create = connection.CreateCommand();
                create.CommandText = "create table singer (singer_id integer primary key, name text, country text, age integer);" +
                                     "create table concert (concert_id integer primary key, theme text, year integer);";
                await create.ExecuteNonQueryAsync();
                schema = SqliteSchemaReader.Instance.Read(connection, "concert_singer");
            }
            var stdin = string.Join('\n', GarbageInputs) + "\n";

            var (exitCode, stdout, stderr) = await RunNlqAsync(stdin, "generate", "--model", Model, "--db", db, "--max-length", "60");
            var (plainExit, plain, _) = await RunNlqAsync(stdin, "generate", "--model", Model, "--max-length", "60");

            Assert.True(exitCode == 0, stderr);
            Assert.Equal(0, plainExit);
            var lines = stdout.Split('\n')[..^1];
            Assert.Equal(GarbageInputs.Length, lines.Length);
            var parser = new SqlParser(SqlDialect.Sqlite, ParseMode.Guards, schema);
            foreach (var line in lines.Where(l => l.Length > 0))
                Assert.True(parser.Parse(line).Status == ParseStatus.Complete, line);
            Assert.Contains(lines, l => l.Length > 0);
            Assert.NotEqual(plain, stdout);
            Assert.Contains(plain.Split('\n')[..^1], l => parser.Parse(l).Status != ParseStatus.Complete);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task ASpiderTablesJsonAndDbIdConstrainLikeADatabase()
    {
        var tables = Path.Combine(Path.GetTempPath(), "nlq-tables-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(tables, """
            [{"db_id": "concert_singer",
              "table_names_original": ["singer"], "table_names": ["singer"],
              "column_names_original": [[-1, "*"], [0, "singer_id"], [0, "name"], [0, "age"]],
              "column_names": [[-1, "*"], [0, "singer id"], [0, "name"], [0, "age"]],
              "column_types": ["text", "number", "text", "number"], "primary_keys": [1], "foreign_keys": []}]
            """);
        try
        {
            var (exitCode, stdout, stderr) = await RunNlqAsync(string.Join('\n', GarbageInputs) + "\n",
                "generate", "--model", Model, "--schema", tables, "--db-id", "concert_singer", "--max-length", "60");
            Assert.True(exitCode == 0, stderr);
            var schema = new DatabaseSchema("concert_singer",
                [new Table("singer", [new Column("singer_id"), new Column("name"), new Column("age")])]);
            var parser = new SqlParser(SqlDialect.Sqlite, ParseMode.Guards, schema);
            var lines = stdout.Split('\n')[..^1];
            Assert.Equal(GarbageInputs.Length, lines.Length);
            foreach (var line in lines.Where(l => l.Length > 0))
                Assert.True(parser.Parse(line).Status == ParseStatus.Complete, line);
            Assert.Contains(lines, l => l.Length > 0);

            var (unknownExit, _, unknownError) = await RunNlqAsync("x\n", "generate", "--model", Model, "--schema", tables, "--db-id", "nope");
            Assert.Equal(2, unknownExit);
            Assert.Contains("nope", unknownError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(tables);
        }
    }

    [Fact]
    public async Task AMissingModelIsAClearErrorWithExitCode2()
    {
        var (exitCode, stdout, stderr) = await RunNlqAsync("x\n", "generate", "--model", "/no/such/model");
        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.StartsWith("nlq: error: T5 model folder not found: '/no/such/model'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingDatabaseIsAClearErrorWithExitCode2()
    {
        var (exitCode, _, stderr) = await RunNlqAsync("x\n", "generate", "--model", Model, "--db", "/no/such.sqlite");
        Assert.Equal(2, exitCode);
        Assert.StartsWith("nlq: error: SQLite database not found: /no/such.sqlite", stderr, StringComparison.Ordinal);
    }

    /// <summary>Runs the nlq built next to this test assembly with <paramref name="stdin"/>, returning what it printed.</summary>
    private static Task<NlqResult> RunNlqAsync(string stdin, params string[] args) => NlqProcess.RunAsync(stdin, args);
}
