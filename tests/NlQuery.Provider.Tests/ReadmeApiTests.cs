using Microsoft.Data.Sqlite;
using NlQuery;
using NlQuery.Feedback;
using NlQuery.Translation;

namespace NlQuery.Tests;

/// <summary>
/// README's "The C# API" is this file's marked region, word for word, and it runs: from a folder laid out like the
/// repository (models/default, samples/shop.db), with the tiny-t5 fixture as the model and a concert database as
/// shop.db, since the fixture only knows concert_singer. What the README's comment promises about the SQL needs the
/// real default model; this test proves the code compiles, runs and logs its rating.
/// </summary>
[Collection(nameof(ReadmeCollection))]
public sealed class ReadmeApiTests : IDisposable
{
    private const string Begin = "// README: The C# API (begin)";
    private const string End = "// README: The C# API (end)";

    private readonly string _folder = Directory.CreateTempSubdirectory("nlq-readme-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void TheReadmeShowsExactlyTheCodeThisTestRuns()
    {
        var readme = File.ReadAllLines(Path.Combine(SharedData.RepositoryRoot, "README.md"));
        var section = Array.IndexOf(readme, "## The C# API");
        Assert.True(section >= 0, "README.md has no '## The C# API' section.");
        var start = Array.IndexOf(readme, "```csharp", section) + 1;
        var block = readme[start..Array.IndexOf(readme, "```", start)];
        Assert.InRange(block.Count(l => l.Trim().Length > 0), 1, 11);

        var source = File.ReadAllLines(Path.Combine(SharedData.RepositoryRoot, "tests", "NlQuery.Provider.Tests", "ReadmeApiTests.cs"));
        var region = source.SkipWhile(l => l.Trim() != Begin).Skip(1).TakeWhile(l => l.Trim() != End).Select(l => l.Trim()).ToArray();
        Assert.Equal(block.Where(l => !l.StartsWith("using ") && l.Length > 0).Select(l => l.Trim()), region);
        Assert.All(block.Where(l => l.StartsWith("using ")), l => Assert.Contains(l, source));
    }

    [Fact]
    public async Task TheReadmeCodeRuns()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "models"));
        Directory.CreateSymbolicLink(Path.Combine(_folder, "models", "default"), Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5"));
        Directory.CreateDirectory(Path.Combine(_folder, "samples"));
        await using (var setup = new SqliteConnection($"Data Source={Path.Combine(_folder, "samples", "shop.db")};Pooling=False"))
        {
            await setup.OpenAsync();
            await using var command = setup.CreateCommand();
            command.CommandText = "create table singer (singer_id integer primary key, name text, country text, age integer);" +
                                  "insert into singer values (1, 'Ana', 'France', 30), (2, 'Bo', 'Spain', 41);";
            await command.ExecuteNonQueryAsync();
        }
        var directory = Environment.CurrentDirectory;
        var xdgDataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var stdout = Console.Out;
        var output = new StringWriter();
        Environment.CurrentDirectory = _folder;
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", _folder); // the default feedback file lands here, not in $HOME
        Console.SetOut(output);
        try
        {
            // README: The C# API (begin)
            NlQueryEngine.Use(ModelTranslator.Load("models/default"));        // once per process: the model and its engine
            await using var connection = new SqliteConnection("Data Source=samples/shop.db");
            await connection.OpenAsync();
            var answer = await connection.AskAsync("How many customers live in Rome?");
            Console.WriteLine(answer.Sql);                                    // e.g. SELECT count(*) FROM customers WHERE city = 'Rome'
            foreach (var row in answer.Rows.Rows) Console.WriteLine(string.Join(", ", row));
            await answer.RateAsync(true);                                     // feedback: or answer.CorrectAsync("SELECT …")
            // README: The C# API (end)
        }
        finally
        {
            Console.SetOut(stdout);
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", xdgDataHome);
            Environment.CurrentDirectory = directory;
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("SELECT", lines[0]);
        await using var feedback = FeedbackStore.OpenFile(Path.Combine(_folder, "nlquery", "feedback.db"));
        var record = Assert.Single(await feedback.ReadAllAsync().ToListAsync());
        Assert.Equal(lines[0], record.GeneratedSql);
        Assert.True(record.Rating);
    }
}
