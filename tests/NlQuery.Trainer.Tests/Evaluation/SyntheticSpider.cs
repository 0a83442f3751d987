using Microsoft.Data.Sqlite;
using NlQuery.Training.Evaluation;

namespace NlQuery.Tests.Evaluation;

/// <summary>A small Spider-format folder (tables.json, dev.json, database/) built in a temp folder for a test.</summary>
internal sealed class SyntheticSpider : IDisposable
{
    public const string TablesJson = """
        [{"db_id": "music",
          "table_names_original": ["singer", "concert", "singer_in_concert"],
          "table_names": ["singer", "concert", "singer in concert"],
          "column_names_original": [[-1, "*"], [0, "singer_id"], [0, "name"], [0, "age"], [0, "country"],
                                    [1, "concert_id"], [1, "concert_name"], [1, "year"],
                                    [2, "concert_id"], [2, "singer_id"]],
          "column_names": [[-1, "*"], [0, "singer id"], [0, "name"], [0, "age"], [0, "country"],
                           [1, "concert id"], [1, "concert name"], [1, "year"], [2, "concert id"], [2, "singer id"]],
          "column_types": ["text", "number", "text", "number", "text", "number", "text", "number", "number", "number"],
          "primary_keys": [1, 5], "foreign_keys": [[9, 1], [8, 5]]}]
        """;

    public SyntheticSpider()
    {
        Root = Path.Combine(Path.GetTempPath(), "nlq-eval-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "database", "music"));
        File.WriteAllText(Path.Combine(Root, "tables.json"), TablesJson);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(Root, "database", "music", "music.sqlite")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE singer (singer_id INTEGER PRIMARY KEY, name TEXT, age INTEGER, country TEXT);
            CREATE TABLE concert (concert_id INTEGER PRIMARY KEY, concert_name TEXT, year INTEGER);
            CREATE TABLE singer_in_concert (concert_id INTEGER REFERENCES concert, singer_id INTEGER REFERENCES singer);
            INSERT INTO singer VALUES (1, 'Ann', 30, 'France'), (2, 'Bob', 41, 'Spain'), (3, 'Cid', 25, 'France');
            INSERT INTO concert VALUES (1, 'Spring', 2014), (2, 'Autumn', 2015);
            INSERT INTO singer_in_concert VALUES (1, 1), (1, 2), (2, 1);
            """;
        command.ExecuteNonQuery();
    }

    public string Root { get; }

    public string DatabaseDirectory => Path.Combine(Root, "database");

    public SpiderDatabaseInfo Database => SpiderDatabaseInfo.LoadAll(Path.Combine(Root, "tables.json"))["music"];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
