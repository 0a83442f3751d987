using System.Text.Json;
using Microsoft.Data.Sqlite;
using NlQuery.Schema;
using NlQuery.Sql;
using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Commands;

/// <summary>
/// <c>nlq ask</c> and the REPL with a real model: the tiny-t5 fixture (random-ish weights, trained on a few Spider
/// rows) writes constrained SQL for a concert_singer database. What it writes is not a right answer; what these tests
/// check is the pipeline: a parser-accepted SELECT, run read-only, printed in each format.
/// </summary>
public sealed class AskWithModelTests : IDisposable
{
    private static string Model => Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5");

    private readonly string _folder = Directory.CreateTempSubdirectory("nlq-ask-").FullName;

    public AskWithModelTests()
    {
        // The model writes "concert_singer | select …": the file name is the database id.
        Db = Path.Combine(_folder, "concert_singer.sqlite");
        using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "create table singer (singer_id integer primary key, name text, country text, age integer);" +
                              "create table concert (concert_id integer primary key, theme text, year integer);" +
                              "insert into singer values (1, 'Ana', 'France', 30), (2, 'Bo', 'Spain', 41), (3, 'Cy', 'Peru', 25);" +
                              "insert into concert values (1, 'Spring', 2014);";
        command.ExecuteNonQuery();
    }

    private string Db { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<NlqResult> Nlq(string stdin, params string[] args) =>
        await NlqProcess.RunAsync(args, stdin, workingDirectory: Path.GetTempPath());

    [Fact]
    public async Task JsonHasExactlyTheDocumentedShapeAndTheRowsOfItsSql()
    {
        var result = await Nlq("", "ask", "--db", Db, "--model", Model, "How old is the youngest singer?", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        Assert.Equal(["sql", "columns", "rows", "truncated", "row_cap", "confidence", "uncertain", "alternatives", "timings"], root.EnumerateObject().Select(p => p.Name));
        var sql = root.GetProperty("sql").GetString()!;
        Assert.StartsWith("SELECT", sql);
        Assert.Equal(ParseStatus.Complete, new SqlParser(SqlDialect.Sqlite, ParseMode.Guards, ReadSchema()).Parse(sql).Status);
        Assert.Equal(CountRows(sql), root.GetProperty("rows").GetArrayLength());
        Assert.True(root.GetProperty("timings").GetProperty("total_ms").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("alternatives").ValueKind);
    }

    [Fact]
    public async Task SqlOnlyPrintsTheSqlThatJsonRuns()
    {
        var json = await Nlq("", "ask", "--db", Db, "--model", Model, "How old is the youngest singer?", "--format", "json");
        var sqlOnly = await Nlq("", "ask", "--db", Db, "--model", Model, "How old is the youngest singer?", "--sql-only");
        var csv = await Nlq("", "ask", "--db", Db, "--model", Model, "How old is the youngest singer?", "--format", "csv");

        Assert.True(sqlOnly.ExitCode == 0, sqlOnly.ToString());
        var sql = JsonDocument.Parse(json.StdOut).RootElement.GetProperty("sql").GetString();
        Assert.Equal(sql + "\n", sqlOnly.StdOut);
        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.Equal(CountRows(sql!) + 1, csv.Lines.Count);
    }

    [Fact]
    public async Task TheReplAnswersAQuestionAndExplainsIt()
    {
        var result = await Nlq("How old is the youngest singer?\n:why\n:history\n", "--db", Db, "--model", Model);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.StdErr);
        Assert.Contains(result.Lines, l => l.StartsWith("SELECT"));
        Assert.Contains("model input: ", result.StdOut);
        Assert.Contains("1. How old is the youngest singer?", result.StdOut);
    }

    private DatabaseSchema ReadSchema()
    {
        using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        connection.Open();
        return SqliteSchemaReader.Instance.Read(connection, "concert_singer");
    }

    private int CountRows(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var count = 0;
        while (reader.Read())
            count++;
        return count;
    }
}
