using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Commands;

/// <summary>End-to-end: the built <c>nlq schema</c>, run as a separate process on real SQLite files.</summary>
public sealed class SchemaCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nlq-schema-tests-" + Guid.NewGuid().ToString("N"));
    private readonly string _db;

    public SchemaCommandTests()
    {
        Directory.CreateDirectory(_folder);
        _db = Path.Combine(_folder, "concert_singer.sqlite");
        using var connection = new SqliteConnection($"Data Source={_db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE stadium (Stadium_ID int PRIMARY KEY, Location text, Name text, Capacity int);
            CREATE TABLE singer (Singer_ID int PRIMARY KEY, Name text, Country text, Age int);
            CREATE TABLE concert (concert_ID int PRIMARY KEY, concert_Name text, Stadium_ID int REFERENCES stadium (Stadium_ID));
            CREATE TABLE singer_in_concert (concert_ID int REFERENCES concert (concert_ID), Singer_ID int REFERENCES singer (Singer_ID),
                PRIMARY KEY (concert_ID, Singer_ID));
            CREATE TABLE employee (Employee_ID int PRIMARY KEY, Name text, Phone_Number text, City text);
            INSERT INTO stadium VALUES (1, 'Raith Rovers', 'Stark''s Park', 10104);
            INSERT INTO singer VALUES (1, 'Joe Sharp', 'Netherlands', 52), (2, 'Justin Brown', 'France', 29);
            INSERT INTO concert VALUES (1, 'Auditions', 1);
            INSERT INTO singer_in_concert VALUES (1, 2);
            INSERT INTO employee VALUES (1, 'Ann Lee', '555-0100', 'Bristol');
            """;
        command.ExecuteNonQuery();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task TextShowsRankedTablesWithScoresAndReasons()
    {
        var result = await Nlq(["schema", "--db", _db, "--question", "How many singers come from France?"]);
        Assert.Equal(0, result.ExitCode);
        var lines = result.StdOut.Split('\n');
        Assert.StartsWith("concert_singer: ", lines[0]);
        Assert.StartsWith("+ singer  ", lines[1]);
        Assert.Contains("name matches 'singers' (plural)", lines[1]);
        Assert.Contains("value 'France' found in singer.Country", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("    + Country  ", StringComparison.Ordinal) && l.Contains("('France')", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("input: How many singers come from France? | concert_singer | ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SerializePrintsExactlyTheModelInput()
    {
        var result = await Nlq(["schema", "--db", _db, "-q", "How many singers come from France?", "--serialize", "--no-prune"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("How many singers come from France? | concert_singer | stadium : stadium_id , location , name , capacity | " +
                     "singer : singer_id , name , country ( France ) , age | concert : concert_id , concert_name , stadium_id | " +
                     "singer_in_concert : concert_id , singer_id | employee : employee_id , name , phone_number , city\n", result.StdOut);
    }

    [Fact]
    public async Task ABudgetDropsTheLeastRelevantTablesFirst()
    {
        var result = await Nlq(["schema", "--db", _db, "-q", "How many singers come from France?", "--serialize", "--budget", "40"]);
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("How many singers come from France? | concert_singer | singer : singer_id", result.StdOut);
        Assert.DoesNotContain("employee", result.StdOut);
    }

    [Fact]
    public async Task JsonHasTheDocumentedShape()
    {
        var result = await Nlq(["schema", "--db", _db, "-q", "Which singers are in concerts?", "--format", "json"]);
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        Assert.Equal(["question", "tables", "estimated_tokens", "input"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Which singers are in concerts?", root.GetProperty("question").GetString());
        var tables = root.GetProperty("tables").EnumerateArray().ToList();
        Assert.Equal(5, tables.Count);
        Assert.All(tables, t => Assert.Equal(["name", "score", "kept", "why", "columns"], t.EnumerateObject().Select(p => p.Name)));
        Assert.All(tables.SelectMany(t => t.GetProperty("columns").EnumerateArray()),
            c => Assert.Equal(["name", "kept", "why", "values"], c.EnumerateObject().Select(p => p.Name)));
        var scores = tables.Select(t => t.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.StartsWith("Which singers are in concerts? | concert_singer | ", root.GetProperty("input").GetString());
    }

    [Fact]
    public async Task JsonlReadsOneQuestionPerLineAndWritesOneObjectPerLine()
    {
        var result = await Nlq(["schema", "--db", _db, "--format", "jsonl"], "How many singers?\n\nWhich stadium is in Stark's Park?\n");
        Assert.Equal(0, result.ExitCode);
        var lines = result.StdOut.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("How many singers?", first.RootElement.GetProperty("question").GetString());
        Assert.Equal("singer", first.RootElement.GetProperty("tables")[0].GetProperty("name").GetString());
        var stadium = second.RootElement.GetProperty("tables")[0];
        Assert.Equal("stadium", stadium.GetProperty("name").GetString());
        Assert.True(stadium.GetProperty("kept").GetBoolean());
        Assert.Contains("Stark's Park", second.RootElement.GetProperty("input").GetString());
    }

    [Fact]
    public async Task AMissingFileIsAClearError()
    {
        var result = await Nlq(["schema", "--db", Path.Combine(_folder, "nope.sqlite"), "-q", "x"]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("nlq: error: database file not found:", result.StdErr);
        Assert.Empty(result.StdOut);
    }

    [Fact]
    public async Task AFileThatIsNotSqliteIsAClearError()
    {
        var path = Path.Combine(_folder, "notes.sqlite");
        await File.WriteAllTextAsync(path, "these are notes, not a database, and long enough to have a header's worth of bytes in them.");
        var result = await Nlq(["schema", "--db", path, "-q", "x"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a readable SQLite database", result.StdErr);
    }

    [Fact]
    public async Task TextWithoutAQuestionIsAClearError()
    {
        var result = await Nlq(["schema", "--db", _db]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--question", result.StdErr);
        var budget = await Nlq(["schema", "--db", _db, "-q", "x", "--budget", "0"]);
        Assert.Equal(2, budget.ExitCode);
        Assert.Contains("--budget must be at least 1", budget.StdErr);
    }

    [SharedDataFact]
    public async Task TheRealTokenizerCanCountTheBudget()
    {
        var model = SharedData.Combine("models", "t5-spiece", "spiece.model");
        var result = await Nlq(["schema", "--db", _db, "-q", "How many singers come from France?", "--budget", "45", "--tokenizer", model]);
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^concert_singer: \d of 5 tables kept, ~\d+ tokens of 45\n", result.StdOut);
        var missing = await Nlq(["schema", "--db", _db, "-q", "x", "--tokenizer", Path.Combine(_folder, "none.model")]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("tokenizer model not found", missing.StdErr);
    }

    /// <summary>With --no-prune the input is PICARD's exactly: checked against PICARD's own output for three Spider databases.</summary>
    [SharedDataFact]
    public async Task NoPruneReproducesPicardsReferenceInputs()
    {
        var reference = File.ReadLines(SharedData.Combine("data", "picard-format", "reference.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(r => !r.GetProperty("ties_unstable").GetBoolean())
            .Select(r => (Db: r.GetProperty("db_id").GetString()!, Question: r.GetProperty("question").GetString()!, Input: r.GetProperty("input").GetString()!))
            .Where(r => r.Db is "concert_singer" or "pets_1" or "world_1")
            .ToList();
        Assert.True(reference.Count > 100);
        foreach (var group in reference.GroupBy(r => r.Db))
        {
            var db = Path.Combine(SharedData.SpiderDir, "database", group.Key, group.Key + ".sqlite");
            var stdin = string.Concat(group.Select(r => r.Question + "\n"));
            var result = await Nlq(["schema", "--db", db, "--format", "jsonl", "--no-prune"], stdin);
            Assert.True(result.ExitCode == 0, result.StdErr);
            var inputs = result.StdOut.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement.GetProperty("input").GetString()).ToList();
            Assert.Equal(group.Select(r => r.Input), inputs);
        }
    }

    private sealed record Result(int ExitCode, string StdOut, string StdErr);

    // Runs the nlq.dll built next to this test assembly, as a user would.
    private static async Task<Result> Nlq(string[] arguments, string? stdin = null)
    {
        var utf8 = new UTF8Encoding(false);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardInputEncoding = utf8, StandardOutputEncoding = utf8, StandardErrorEncoding = utf8, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "nlq.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
            await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, (await stdout).ReplaceLineEndings("\n"), await stderr);
    }
}
