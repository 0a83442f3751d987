using System.Text.Json;
using Microsoft.Data.Sqlite;
using NlQuery.Feedback;

namespace NlQuery.Tests.Datasets;

/// <summary>
/// A small Spider-format folder made for a test: databases <c>shop</c> and <c>zoo</c> with SQLite files and values,
/// <c>ghost</c> described only in tables.json, training files with one target the parser rejects, a dev.json (which must
/// stay out of training), a feedback store and a folder holding the feedback's database (<c>crm</c>).
/// </summary>
internal sealed class SyntheticSpiderFolder : IDisposable
{
    public SyntheticSpiderFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "nlq-trainer-" + Guid.NewGuid().ToString("N"));
        Spider = Path.Combine(Root, "spider");
        FeedbackDatabases = Path.Combine(Root, "feedback-dbs");
        FeedbackStorePath = Path.Combine(Root, "feedback.db");
        Directory.CreateDirectory(Path.Combine(Spider, "database"));
        Directory.CreateDirectory(FeedbackDatabases);

        CreateDatabase(Path.Combine(Spider, "database", "shop", "shop.sqlite"),
            "CREATE TABLE product (id INTEGER PRIMARY KEY, name TEXT, price REAL);" +
            "INSERT INTO product VALUES (1, 'Red Lamp', 10.5), (2, 'Blue Chair', 40), (3, 'Green Desk', 120);");
        CreateDatabase(Path.Combine(Spider, "database", "zoo", "zoo.sqlite"),
            "CREATE TABLE animal (id INTEGER PRIMARY KEY, species TEXT, age INTEGER);" +
            "INSERT INTO animal VALUES (1, 'Penguin', 3), (2, 'Zebra', 7);");
        CreateDatabase(Path.Combine(FeedbackDatabases, "crm.sqlite"),
            "CREATE TABLE customer (id INTEGER PRIMARY KEY, city TEXT);" +
            "INSERT INTO customer VALUES (1, 'Lisbon'), (2, 'Oslo');");

        Write("tables.json", new object[]
        {
            Tables("shop", "product", ["id", "name", "price"], ["number", "text", "number"]),
            Tables("zoo", "animal", ["id", "species", "age"], ["number", "text", "number"]),
            Tables("ghost", "spirit", ["id", "haunt"], ["number", "text"]),
        });
        Write("train_spider.json", new object[]
        {
            Example("shop", "How many products are there?", "SELECT count(*) FROM product"),
            Example("shop", "What is the price of the Red Lamp?", "SELECT price FROM product WHERE name = 'Red Lamp'"),
            Example("zoo", "List the species of animals older than 5.", "SELECT species FROM animal WHERE age > 5"),
            Example("shop", "Show the colour of each product.", "SELECT colour FROM product"),
            Example("ghost", "Where does each spirit haunt?", "SELECT haunt FROM spirit"),
        });
        Write("train_others.json", new object[]
        {
            Example("zoo", "How old is the penguin?", "SELECT age FROM animal WHERE species = 'Penguin'"),
        });
        Write("dev.json", new object[]
        {
            Example("zoo", "How many animals are there?", "SELECT count(*) FROM animal"),
        });
    }

    public string Root { get; }

    public string Spider { get; }

    public string FeedbackDatabases { get; }

    public string FeedbackStorePath { get; }

    /// <summary>Writes three feedback records: a correction on crm, a correction on a database nobody has, and a bad rating only.</summary>
    public async Task WriteFeedbackAsync()
    {
        await using var store = FeedbackStore.OpenFile(FeedbackStorePath);
        var when = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await store.AddAsync(new FeedbackRecord("Which customers live in Oslo?", "crm", "hash", "SELECT * FROM customer",
            "SELECT id FROM customer WHERE city = 'Oslo'", false, when));
        await store.AddAsync(new FeedbackRecord("How many orders?", "billing", "hash", null, "SELECT count(*) FROM orders", null, when));
        await store.AddAsync(new FeedbackRecord("Name every city", "crm", "hash", "SELECT city FROM customer", null, false, when));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere only leaves a temp folder behind.
        }
    }

    private void Write(string name, object value) => File.WriteAllText(Path.Combine(Spider, name), JsonSerializer.Serialize(value));

    private static object Example(string dbId, string question, string query) => new Dictionary<string, string>
    {
        ["db_id"] = dbId, ["question"] = question, ["query"] = query,
    };

    private static object Tables(string dbId, string table, string[] columns, string[] types) => new Dictionary<string, object>
    {
        ["db_id"] = dbId,
        ["table_names_original"] = new[] { table },
        ["table_names"] = new[] { table },
        ["column_names_original"] = new object[] { new object[] { -1, "*" } }.Concat(columns.Select(c => new object[] { 0, c })).ToArray(),
        ["column_names"] = new object[] { new object[] { -1, "*" } }.Concat(columns.Select(c => new object[] { 0, c })).ToArray(),
        ["column_types"] = new[] { "text" }.Concat(types).ToArray(),
        ["primary_keys"] = new[] { 1 },
        ["foreign_keys"] = Array.Empty<object>(),
    };

    private static void CreateDatabase(string path, string sql)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
