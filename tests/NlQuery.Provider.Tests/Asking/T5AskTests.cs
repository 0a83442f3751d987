using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NlQuery.Translation;

namespace NlQuery.Tests.Asking;

/// <summary>
/// AskAsync with the real T5 translator (the tiny-t5 fixture) on SQLite and PostgreSQL: the model's constrained SQL
/// is re-checked, run read-only, and answers in the connection's dialect. The fixture's SQL is not a right answer.
/// </summary>
public sealed class T5AskTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>, IDisposable
{
    private const string Setup =
        "create table singer (singer_id integer primary key, name text, country text, age integer);" +
        "create table concert (concert_id integer primary key, theme text, year integer);" +
        "insert into singer values (1, 'Ana', 'France', 30), (2, 'Bo', 'Spain', 41), (3, 'Cy', 'Peru', 25);" +
        "insert into concert values (1, 'Spring', 2014);";

    private static readonly Lazy<ModelTranslator> Translator = new(() =>
        ModelTranslator.Load(Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5")));

    private readonly string _folder = Directory.CreateTempSubdirectory("nlq-t5ask-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task AnswersOnSqlite()
    {
        // The model writes "concert_singer | select …": the file name is the database id.
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "concert_singer.sqlite")}");
        await connection.OpenAsync();
        await ExecuteAsync(connection, Setup);

        await AssertAnswersAsync(connection);
    }

    [PostgresFact]
    public async Task AnswersOnPostgreSql()
    {
        await using (var admin = new NpgsqlConnection(postgres.Server.ConnectionString()))
        {
            await admin.OpenAsync();
            await ExecuteAsync(admin, "DROP DATABASE IF EXISTS concert_singer");
            await ExecuteAsync(admin, "CREATE DATABASE concert_singer");
        }
        await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString("concert_singer"));
        await connection.OpenAsync();
        await ExecuteAsync(connection, Setup);

        await AssertAnswersAsync(connection);
    }

    [Theory]
    [InlineData("delete all singers")]
    [InlineData("drop table singer")]
    [InlineData("How old is the youngest singer?; DROP TABLE singer")]
    [InlineData("DELETE FROM singer WHERE age > 30")]
    [InlineData("UPDATE singer SET age = 0; SELECT * FROM singer")]
    public async Task HarmfulQuestionsToTheRealModelRunNothingButASelect(string question)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "concert_singer.sqlite")}");
        await connection.OpenAsync();
        await ExecuteAsync(connection, Setup);
        var engine = new NlQueryEngine(Translator.Value);

        try
        {
            var answer = await connection.AskAsync(question, new AskOptions { Engine = engine });
            Assert.StartsWith("SELECT", answer.Sql);
            Assert.DoesNotContain(";", answer.Sql);
        }
        catch (UnansweredQuestionException)
        {
            // Nothing ran: also fine.
        }
        catch (WriteRefusedException)
        {
            // Refused before the model ran (WriteRequestTests): nothing ran either.
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), sum(age), (SELECT count(*) FROM sqlite_master) FROM singer";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((3L, 96L, 2L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
    }

    private static async Task AssertAnswersAsync(DbConnection connection)
    {
        var engine = new NlQueryEngine(Translator.Value);

        var answer = await connection.AskAsync("How old is the youngest singer?", new AskOptions { Engine = engine });

        Assert.StartsWith("SELECT", answer.Sql);
        Assert.Contains("singer", answer.Sql);
        Assert.Contains("How old is the youngest singer?", answer.ModelInput);
        await using var command = connection.CreateCommand();
        command.CommandText = answer.Sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
            rows++;
        Assert.Equal(rows, answer.Rows.Rows.Count);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
