using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using NlQuery.Schema;
using NlQuery.Sql;
using NlQuery.Tests;

namespace NlQuery.Cli.Tests;

/// <summary><c>nlq eval spider|sparc|cosql</c> run as a user runs it, on a small Spider-format folder made here.</summary>
public sealed class EvalCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "nlq-eval-cli-" + Guid.NewGuid().ToString("N"));

    public EvalCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "database", "shop"));
        File.WriteAllText(Path.Combine(_root, "tables.json"), """
            [{"db_id": "shop", "table_names_original": ["item", "sale"], "table_names": ["item", "sale"],
              "column_names_original": [[-1, "*"], [0, "item_id"], [0, "name"], [0, "price"], [1, "sale_id"], [1, "item_id"], [1, "qty"]],
              "column_names": [[-1, "*"], [0, "item id"], [0, "name"], [0, "price"], [1, "sale id"], [1, "item id"], [1, "qty"]],
              "column_types": ["text", "number", "text", "number", "number", "number", "number"],
              "primary_keys": [1, 4], "foreign_keys": [[5, 1]]}]
            """);
        File.WriteAllText(Path.Combine(_root, "dev.json"), """
            [{"db_id": "shop", "question": "How many items?", "query": "SELECT count(*) FROM item"},
             {"db_id": "shop", "question": "Names by price?", "query": "SELECT name FROM item ORDER BY price DESC"},
             {"db_id": "shop", "question": "Items sold?", "query": "SELECT T1.name FROM item AS T1 JOIN sale AS T2 ON T1.item_id = T2.item_id WHERE T2.qty > 1"},
             {"db_id": "shop", "question": "Cheap items?", "query": "SELECT name FROM item WHERE price < 5"}]
            """);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_root, "database", "shop", "shop.sqlite")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE item (item_id INTEGER PRIMARY KEY, name TEXT, price REAL);
                CREATE TABLE sale (sale_id INTEGER PRIMARY KEY, item_id INTEGER REFERENCES item, qty INTEGER);
                INSERT INTO item VALUES (1, 'pen', 2), (2, 'book', 12), (3, 'cup', 4);
                INSERT INTO sale VALUES (1, 1, 3), (2, 2, 1), (3, 3, 2);
                """;
            command.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Predictions(params string[] lines)
    {
        var path = Path.Combine(_root, "pred.txt");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task PrintsExactMatchExecutionAccuracyAndErrorsAndWritesOut()
    {
        var predictions = Predictions(
            "SELECT count(*) FROM item",                                   // EM and EX
            "SELECT name FROM item ORDER BY price ASC",                    // neither: the gold orders descending
            "shop\tSELECT T2.name FROM sale AS T1 JOIN item AS T2 ON T1.item_id = T2.item_id WHERE T1.qty > 1", // EM via the foreign key, EX
            "SELECT nosuch FROM item");                                    // execution error
        var output = Path.Combine(_root, "out.tsv");
        var (exitCode, stdout, stderr) = await RunNlqAsync("eval", "spider", "--data", _root, "--predictions", predictions, "--out", output);
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("examples            4", stdout, StringComparison.Ordinal);
        Assert.Contains("exact match (EM)     50.0 %", stdout, StringComparison.Ordinal);
        Assert.Contains("execution (EX)       50.0 %", stdout, StringComparison.Ordinal);
        Assert.Contains("execution errors     25.0 %", stdout, StringComparison.Ordinal);
        Assert.Contains("execution latency   p50", stdout, StringComparison.Ordinal);
        Assert.Equal(
            ["shop\tSELECT count(*) FROM item", "shop\tSELECT name FROM item ORDER BY price ASC",
             "shop\tSELECT T2.name FROM sale AS T1 JOIN item AS T2 ON T1.item_id = T2.item_id WHERE T1.qty > 1", "shop\tSELECT nosuch FROM item"],
            File.ReadAllLines(output));
    }

    [Fact]
    public async Task LimitEvaluatesTheFirstExamplesOnly()
    {
        var predictions = Predictions("SELECT count(*) FROM item", "x", "x", "x");
        var (exitCode, stdout, stderr) = await RunNlqAsync("eval", "spider", "--data", _root, "--predictions", predictions, "--limit", "1");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("examples            1", stdout, StringComparison.Ordinal);
        Assert.Contains("exact match (EM)    100.0 %", stdout, StringComparison.Ordinal);
    }

    private static string TinyModel => Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5");

    [Fact]
    public async Task ConstrainedGenerationOnlyPredictsSqlTheParserAccepts()
    {
        // The tiny fixture never saw this schema: unconstrained it writes garbage, so whatever survives the constraint
        // is the parser's doing. A hypothesis that dies leaves an empty prediction (an execution error), never bad SQL.
        var output = Path.Combine(_root, "constrained.tsv");
        var (exitCode, stdout, stderr) = await RunNlqAsync("eval", "spider", "--data", _root, "--model", TinyModel, "--beams", "2", "--out", output);
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("examples            4", stdout, StringComparison.Ordinal);
        var lines = File.ReadAllLines(output);
        Assert.Equal(4, lines.Length);
        var parser = new SqlParser(SqlDialect.Sqlite, ParseMode.Guards, SpiderSchemaCatalog.Load(Path.Combine(_root, "tables.json"))["shop"]);
        foreach (var line in lines)
        {
            // db_id, SQL, and the confidence AskAsync would give the prediction.
            var fields = line.Split('\t');
            Assert.Equal(3, fields.Length);
            Assert.Equal("shop", fields[0]);
            if (fields[1].Length > 0)
                parser.ParseStatement(fields[1]);
            Assert.InRange(double.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), 0, 1);
        }
        Assert.Contains("confidence  n      EX      mean confidence", stdout, StringComparison.Ordinal);

        // The file reads back as predictions, the confidence column aside: the same execution accuracy.
        var (again, replayed, replayErrors) = await RunNlqAsync("eval", "spider", "--data", _root, "--predictions", output);
        Assert.True(again == 0, replayErrors);
        Assert.Equal(Line(stdout, "execution (EX)"), Line(replayed, "execution (EX)"));

        static string Line(string text, string start) => text.Split('\n').First(l => l.StartsWith(start, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FitConfidenceRefusesTooFewDatabasesAndLeavesTheModelAlone()
    {
        var model = Path.Combine(_root, "model");
        Directory.CreateDirectory(model);
        foreach (var file in Directory.GetFiles(TinyModel))
            File.Copy(file, Path.Combine(model, Path.GetFileName(file)));
        var before = File.ReadAllText(Path.Combine(model, "model.json"));

        var fitted = await RunNlqAsync("eval", "spider", "--data", _root, "--model", model, "--beams", "2", "--fit-confidence");
        var fromFile = await RunNlqAsync("eval", "spider", "--data", _root, "--predictions", Predictions("x", "x", "x", "x"), "--fit-confidence");

        Assert.Equal(2, fitted.ExitCode);
        Assert.Contains("--fit-confidence needs answers on 5 databases or more (one fold each)", fitted.StdErr);
        Assert.Equal(before, File.ReadAllText(Path.Combine(model, "model.json")));
        Assert.Equal(2, fromFile.ExitCode);
        Assert.Contains("--fit-confidence fits the model's own answers", fromFile.StdErr);
    }

    [Fact]
    public async Task UnconstrainedGenerationKeepsWhatTheModelWrote()
    {
        var output = Path.Combine(_root, "free.tsv");
        var (exitCode, stdout, stderr) = await RunNlqAsync("eval", "spider", "--data", _root, "--model", TinyModel, "--beams", "1",
            "--no-constraint", "--limit", "2", "--max-length", "40", "--out", output);
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("examples            2", stdout, StringComparison.Ordinal);
        var lines = File.ReadAllLines(output);
        Assert.Equal(2, lines.Length);
        // Garbage from a model that never saw the schema: non-empty text that does not execute.
        Assert.All(lines, l => Assert.True(l.Length > "shop\t".Length, l));
        Assert.Contains("execution errors    100.0 %", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--model", "no-such-model", "no model found at")]
    [InlineData("--beams", "0", "--beams must be 1 or more")]
    [InlineData("--max-length", "1", "--max-length must be 2 or more")]
    public async Task BadModelOptionsAreClearErrors(string option, string value, string message)
    {
        string[] args = option == "--model"
            ? ["eval", "spider", "--data", _root, option, Path.Combine(_root, value)]
            : ["eval", "spider", "--data", _root, "--model", TinyModel, option, value];
        var (exitCode, stdout, stderr) = await RunNlqAsync(args);
        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelAndPredictionsTogetherAreAnError()
    {
        var (exitCode, _, stderr) = await RunNlqAsync("eval", "spider", "--data", _root, "--model", TinyModel, "--predictions", Predictions("x"));
        Assert.Equal(2, exitCode);
        Assert.Contains("give either --predictions or --model, not both", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFolderWithoutDevJsonIsAClearError()
    {
        var (exitCode, _, stderr) = await RunNlqAsync("eval", "spider", "--data", Path.Combine(_root, "database"), "--predictions", Predictions("x"));
        Assert.Equal(2, exitCode);
        Assert.Contains("has no dev.json", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SparcReportsQuestionAndInteractionMatch()
    {
        var sparc = Path.Combine(_root, "sparc");
        Directory.CreateDirectory(sparc);
        File.Copy(Path.Combine(_root, "tables.json"), Path.Combine(sparc, "tables.json"));
        File.WriteAllText(Path.Combine(sparc, "dev.json"), """
            [{"database_id": "shop", "interaction": [
                {"utterance": "Items?", "query": "SELECT name FROM item"},
                {"utterance": "Cheap ones?", "query": "SELECT name FROM item WHERE price < 5"}]},
             {"database_id": "shop", "interaction": [{"utterance": "How many?", "query": "SELECT count(*) FROM item"}]}]
            """);
        var predictions = Predictions("SELECT name FROM item", "SELECT name FROM item", "", "SELECT count(*) FROM item");
        var (exitCode, stdout, stderr) = await RunNlqAsync("eval", "sparc", "--data", sparc, "--predictions", predictions,
            "--db-dir", Path.Combine(_root, "database"));
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("question match (EM)  66.7 %", stdout, StringComparison.Ordinal);
        Assert.Contains("interaction match    50.0 %  (n=2)", stdout, StringComparison.Ordinal);
        Assert.Contains("execution (EX)       66.7 %", stdout, StringComparison.Ordinal);
    }

    /// <summary>The gold of Spider dev as predictions: EM 100 %; EX 100 % where the database exists.</summary>
    [SharedDataFact]
    public async Task SpiderDevGoldAgainstItself()
    {
        var gold = SharedData.Combine("data", "spider", "dev_gold.sql");
        var (exitCode, stdout, stderr) = await RunNlqAsync("eval", "spider", "--data", SharedData.SpiderDir, "--predictions", gold, "--limit", "300");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("exact match (EM)    100.0 %", stdout, StringComparison.Ordinal);
        Assert.Contains("execution (EX)      100.0 %", stdout, StringComparison.Ordinal);
    }

    private static Task<NlqResult> RunNlqAsync(params string[] args) => NlqProcess.RunAsync(args);
}
