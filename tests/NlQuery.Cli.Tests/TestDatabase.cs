using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace NlQuery.Cli.Tests;

/// <summary>
/// A small concert database the tests create in a temporary folder, as a SQLite file and as a Spider-style
/// tables.json entry (db_id <c>concerts</c>), with a few other files for the error cases.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public TestDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("nlq-cli-tests-").FullName;
        DbPath = Path.Combine(Folder, "concerts.sqlite");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE singer (singer_id int PRIMARY KEY, name text, country text, age int);
                CREATE TABLE concert (concert_id int PRIMARY KEY, concert_name text, singer_id int REFERENCES singer(singer_id), year int);
                INSERT INTO singer VALUES (1, 'Joe', 'France', 52), (2, 'Ann', 'UK', 29);
                INSERT INTO concert VALUES (1, 'Autumn', 1, 2014);
                """;
            command.ExecuteNonQuery();
        }

        TablesJsonPath = Path.Combine(Folder, "tables.json");
        File.WriteAllText(TablesJsonPath, JsonSerializer.Serialize(new[]
        {
            new
            {
                db_id = "concerts",
                table_names_original = new[] { "singer", "concert" },
                table_names = new[] { "singer", "concert" },
                column_names_original = new object[][]
                {
                    [-1, "*"], [0, "singer_id"], [0, "name"], [0, "country"], [0, "age"],
                    [1, "concert_id"], [1, "concert_name"], [1, "singer_id"], [1, "year"],
                },
                column_types = new[] { "text", "number", "text", "text", "number", "number", "text", "number", "number" },
                primary_keys = new[] { 1, 5 },
                foreign_keys = new[] { new[] { 7, 1 } },
            },
        }));

        TextFilePath = Path.Combine(Folder, "notes.txt");
        File.WriteAllText(TextFilePath, "This is not a database, however long it is.\n");
        EmptyFilePath = Path.Combine(Folder, "empty.sqlite");
        File.WriteAllBytes(EmptyFilePath, []);
        BrokenJsonPath = Path.Combine(Folder, "broken.json");
        File.WriteAllText(BrokenJsonPath, "{ not json");
    }

    public string Folder { get; }

    public string DbPath { get; }

    public string TablesJsonPath { get; }

    public string TextFilePath { get; }

    public string EmptyFilePath { get; }

    public string BrokenJsonPath { get; }

    public string MissingPath => Path.Combine(Folder, "missing.sqlite");

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
