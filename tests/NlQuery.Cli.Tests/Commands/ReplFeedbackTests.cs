using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NlQuery.Feedback;
using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Commands;

/// <summary>
/// <c>nlq --db … --feedback file|db</c>: the REPL's <c>:fix</c> logs a correction into a local file or into the
/// <c>nlquery_feedback</c> table of the user's own database (SQLite and a real PostgreSQL server). The tiny-t5
/// fixture answers the question first, since <c>:fix</c> corrects the last answer.
/// </summary>
public sealed class ReplFeedbackTests : IDisposable
{
    private const string Setup =
        "create table singer (singer_id integer primary key, name text, country text, age integer);" +
        "create table concert (concert_id integer primary key, theme text, year integer);" +
        "insert into singer values (1, 'Ana', 'France', 30), (2, 'Bo', 'Spain', 41), (3, 'Cy', 'Peru', 25);" +
        "insert into concert values (1, 'Spring', 2014);";

    private const string Question = "How old is the youngest singer?";
    private const string Correction = "SELECT min(age) FROM singer";

    private static string Model => Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5");

    private readonly string _folder = Directory.CreateTempSubdirectory("nlq-feedback-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string CreateSqlite()
    {
        // The model writes "concert_singer | select …": the file name is the database id.
        var path = Path.Combine(_folder, "concert_singer.sqlite");
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Execute(connection, Setup);
        return path;
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task<(NlqResult Result, string Generated)> FixAsync(string db, string feedback)
    {
        var result = await NlqProcess.RunAsync(["--db", db, "--model", Model, "--feedback", feedback], $"{Question}\n:fix {Correction}\n",
            workingDirectory: Path.GetTempPath());
        Assert.True(result.ExitCode == 0 && result.StdErr == "", result.ToString());
        Assert.Contains("correction logged", result.StdOut);
        Assert.Contains($" for \"{Question}\" in ", result.StdOut);
        return (result, result.Lines.First(l => l.StartsWith("SELECT")));
    }

    /// <summary>The rows of nlquery_feedback, read the way the trainer reads them.</summary>
    private static async Task<List<FeedbackRecord>> ReadAsync(FeedbackStore store)
    {
        await using (store)
            return await store.ReadAllAsync().ToListAsync();
    }

    private static void AssertOneCorrection(List<FeedbackRecord> records, string generated)
    {
        var record = Assert.Single(records);
        Assert.Equal(Question, record.Question);
        Assert.Equal("concert_singer", record.DatabaseName);
        Assert.Equal(generated, record.GeneratedSql);
        Assert.Equal(Correction, record.CorrectedSql);
        Assert.Null(record.Rating);
        Assert.Equal(64, record.SchemaHash.Length);
    }

    [Fact]
    public async Task FeedbackDbLogsIntoATableOfTheSqliteDatabase()
    {
        var db = CreateSqlite();

        var (result, generated) = await FixAsync(db, "db");

        Assert.Contains("in table nlquery_feedback in concert_singer", result.StdOut);
        AssertOneCorrection(await ReadAsync(FeedbackStore.InDatabase(() => new SqliteConnection($"Data Source={db};Pooling=False"),
            NlQuery.Schema.DatabaseKind.Sqlite)), generated);

        // The next session asks as before: NlQuery's own table is not part of what the model sees.
        var again = await NlqProcess.RunAsync(["--db", db, "--model", Model], $"{Question}\n:why\n", workingDirectory: Path.GetTempPath());
        Assert.True(again.ExitCode == 0 && again.StdErr == "", again.ToString());
        Assert.DoesNotContain("nlquery_feedback", again.Lines.Single(l => l.StartsWith("model input: ")));
        Assert.Contains("singer(singer_id, name, country, age)", again.StdOut);
        Assert.DoesNotContain("nlquery_feedback(", again.StdOut);
    }

    [Fact]
    public async Task FeedbackFileLogsIntoThatFile()
    {
        var db = CreateSqlite();
        var file = Path.Combine(_folder, "logs", "corrections.db");

        var (result, generated) = await FixAsync(db, file);

        Assert.Contains($"in {file}", result.StdOut);
        AssertOneCorrection(await ReadAsync(FeedbackStore.OpenFile(file)), generated);
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'nlquery_feedback'";
        Assert.Equal(0L, command.ExecuteScalar()); // the user's database is untouched
    }

    [Fact]
    public async Task AFolderAsFeedbackFileIsAClearError()
    {
        var db = CreateSqlite();
        var result = await NlqProcess.RunAsync(["--db", db, "--feedback", _folder], ":exit\n", workingDirectory: Path.GetTempPath());
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"nlq: error: --feedback {_folder} is a folder; give a file, e.g. {Path.Combine(_folder, "feedback.db")}.\n", result.StdErr);
    }

    [PostgresFact]
    public async Task FeedbackDbLogsIntoATableOfThePostgreSqlDatabase()
    {
        using var server = new PostgresServer();
        await using (var admin = new NpgsqlConnection(server.ConnectionString()))
        {
            await admin.OpenAsync();
            Execute(admin, "CREATE DATABASE concert_singer");
        }
        await using (var setup = new NpgsqlConnection(server.ConnectionString("concert_singer")))
        {
            await setup.OpenAsync();
            Execute(setup, Setup);
        }

        var (result, generated) = await FixAsync(server.ConnectionString("concert_singer"), "db");

        Assert.Contains("in table nlquery_feedback in concert_singer", result.StdOut);
        var connectionString = server.ConnectionString("concert_singer");
        AssertOneCorrection(await ReadAsync(FeedbackStore.InDatabase(() => new NpgsqlConnection(connectionString), NlQuery.Schema.DatabaseKind.PostgreSql)),
            generated);

        // nlq ask on the same server: PostgreSQL SQL, run, printed as JSON; the feedback table is not in what the model saw.
        var ask = await NlqProcess.RunAsync(["ask", "--db", connectionString, "--model", Model, Question, "--format", "json"], "",
            workingDirectory: Path.GetTempPath());
        Assert.True(ask.ExitCode == 0, ask.ToString());
        var json = System.Text.Json.JsonDocument.Parse(ask.StdOut).RootElement;
        Assert.Equal(generated, json.GetProperty("sql").GetString());
        await using var check = new NpgsqlConnection(connectionString);
        await check.OpenAsync();
        await using var command = new NpgsqlCommand(generated, check);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
            rows++;
        Assert.Equal(rows, json.GetProperty("rows").GetArrayLength());
    }
}
