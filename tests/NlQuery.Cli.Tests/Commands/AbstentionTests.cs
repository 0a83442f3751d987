using Microsoft.Data.Sqlite;
using NlQuery.Feedback;
using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Commands;

/// <summary>
/// Questions nlq cannot answer: one line saying why and exit code 3 from <c>nlq ask</c>; in the REPL, <c>:why</c>
/// shows what the model saw and the rejected candidates, and <c>:fix</c> logs a checked correction for it. Bad input
/// (a SQL-less correction, an empty database file, escape sequences in a question) is refused or escaped.
/// </summary>
public sealed class AbstentionTests : IDisposable
{
    private const string Failing = "how many customers are there?";

    private readonly CannedModel _model = new(new Dictionary<string, string[]>
    {
        [Failing] = ["SELECT nope FROM customers", "SELECT abs(-9223372036854775808) FROM customers"],
    });

    private readonly string _folder = Directory.CreateTempSubdirectory("nlq-abstain-").FullName;

    private static string Shop => Path.Combine(SharedData.RepositoryRoot, "samples", "shop.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _model.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<NlqResult> Nlq(string stdin, params string[] args) =>
        NlqProcess.RunAsync(args, stdin, workingDirectory: Path.GetTempPath());

    [Fact]
    public async Task AskSaysWhyInOneLineWithExitCodeThree()
    {
        var failed = await Nlq("", "ask", "--db", Shop, "--model", _model.Folder, "--format", "json", Failing);
        var nothing = await Nlq("", "ask", "--db", Shop, "--model", _model.Folder, "what is the weather like tomorrow?");

        Assert.Equal(3, failed.ExitCode);
        Assert.Equal("", failed.StdOut);
        Assert.StartsWith($"nlq: no answer: No answer for \"{Failing}\": every candidate failed on the database; the first error: ", failed.StdErr);
        Assert.Contains("integer overflow", failed.StdErr);
        Assert.Single(failed.StdErr.TrimEnd('\n').Split('\n'));
        Assert.Equal(3, nothing.ExitCode);
        Assert.Equal("nlq: no answer: No answer for \"what is the weather like tomorrow?\": the model wrote no complete SQL query within its length limit.\n",
            nothing.StdErr);
    }

    [Fact]
    public async Task AQuestionInAnotherLanguageIsRefusedWithExitCodeThree()
    {
        // The canned model would answer it: the refusal comes before any model runs.
        const string french = "Combien de clients habitent à Rome ?";
        using var model = new CannedModel(new Dictionary<string, string[]> { [french] = ["SELECT count(*) FROM customers"] });

        var result = await Nlq("", "ask", "--db", Shop, "--model", model.Folder, french);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.Equal($"nlq: no answer: No answer for \"{french}\": the language is not English; NlQuery's models read English questions only.\n", result.StdErr);
    }

    [Fact]
    public async Task EscapeSequencesInAnEchoedQuestionAreEscaped()
    {
        var result = await Nlq("", "ask", "--db", Shop, "--model", _model.Folder, "evil \u001b[2J\u001b]0;title\u0007 question");

        Assert.Equal(3, result.ExitCode);
        Assert.DoesNotContain('\u001b', result.StdErr);
        Assert.DoesNotContain('\u0007', result.StdErr);
        Assert.Contains("\"evil \\u001B[2J\\u001B]0;title\\u0007 question\"", result.StdErr);

        var repl = await Nlq(":frob\u001b[31m\nevil \u001b]0;title\u0007\n:why\n", "--db", Shop, "--model", _model.Folder);
        Assert.DoesNotContain('\u001b', repl.StdErr + repl.StdOut);
        Assert.Contains("unknown command :frob\\u001B[31m", repl.StdErr);
        Assert.Contains("last question: evil \\u001B]0;title\\u0007", repl.StdOut);
    }

    [Fact]
    public async Task TheReplExplainsAFailedQuestionAndLogsACheckedCorrectionForIt()
    {
        var feedback = Path.Combine(_folder, "feedback.db");

        var result = await Nlq($"{Failing}\n:why\n:fix this is not sql\n:fix SELECT count(*) FROM customers\n",
            "--db", Shop, "--model", _model.Folder, "--feedback", feedback);

        Assert.Equal(0, result.ExitCode);
        var errors = result.StdErr.TrimEnd('\n').Split('\n');
        Assert.Equal(2, errors.Length);
        Assert.StartsWith($"nlq: no answer: No answer for \"{Failing}\": every candidate failed on the database", errors[0]);
        Assert.Equal("nlq: error: The correction was refused (kept as rejected, never trained on): it is not a complete SELECT for this database: only SELECT statements are allowed, got 'this' (at offset 0)",
            errors[1]);
        Assert.Contains($"last question: {Failing}", result.Lines);
        Assert.Contains(result.Lines, l => l.StartsWith("no answer: every candidate failed on the database"));
        Assert.Contains($"model input: {Failing} | canned", result.Lines);
        Assert.Contains("  rejected: -0.100 SELECT nope FROM customers (Parse: unknown column 'nope' (at offset 12))", result.Lines);
        Assert.Contains(result.Lines, l => l.StartsWith("  rejected: -0.200 SELECT abs(-9223372036854775808) FROM customers (Execution: "));
        Assert.Contains($"correction logged for \"{Failing}\" in {feedback}", result.StdOut);

        var records = new List<FeedbackRecord>();
        await using (var store = FeedbackStore.OpenFile(feedback))
        {
            await foreach (var record in store.ReadAllAsync())
                records.Add(record);
        }
        // The refused correction is kept as rejected (never trained on), the accepted one after it.
        Assert.Equal(2, records.Count);
        Assert.Equal((FeedbackStatus.Rejected, "this is not sql"), (records[0].Status, records[0].CorrectedSql));
        Assert.StartsWith("The correction was refused", records[0].Reason);
        var stored = records[1];
        Assert.Equal(FeedbackStatus.Accepted, stored.Status);
        Assert.Equal((Failing, "SELECT count(*) FROM customers", (string?)null), (stored.Question, stored.CorrectedSql, stored.GeneratedSql));
    }

    [Fact]
    public async Task FixWithoutAnyQuestionStillAsksForOne()
    {
        var result = await Nlq(":fix SELECT 1\n", "--db", Shop, "--model", _model.Folder);

        Assert.Equal("nlq: error: :fix corrects the last question; ask one first.\n", result.StdErr);
    }

    [Fact]
    public async Task AnEmptyDatabaseFileIsTheSameClearErrorForAskTheReplAndSqlCheck()
    {
        var empty = Path.Combine(_folder, "empty.db");
        await File.WriteAllBytesAsync(empty, []);
        var expected = $"nlq: error: {empty} is not a readable SQLite database: the file is empty.\n";

        var ask = await Nlq("", "ask", "--db", empty, "--model", _model.Folder, Failing);
        var repl = await Nlq($"{Failing}\n", "--db", empty, "--model", _model.Folder);
        var check = await Nlq("SELECT 1\n", "sql", "check", "--db", empty);

        Assert.Equal((2, expected), (ask.ExitCode, ask.StdErr));
        Assert.Equal((2, expected), (repl.ExitCode, repl.StdErr));
        Assert.Equal((2, expected), (check.ExitCode, check.StdErr));
        Assert.Equal(0, new FileInfo(empty).Length);
    }

    [Fact]
    public async Task SqlAndSqlCheckAcceptTheSameDeepNestingAndTheDatabaseSetsTheLimit()
    {
        const int depth = 10_000;
        string[] statements =
        [
            "SELECT count(*) FROM customers WHERE " + string.Concat(Enumerable.Repeat("NOT ", depth)) + "1",
            "SELECT " + string.Concat(Enumerable.Repeat("- ", depth)) + "1 FROM customers",
            "SELECT " + string.Concat(Enumerable.Repeat("CASE WHEN 1 THEN ", depth)) + "1" + string.Concat(Enumerable.Repeat(" END", depth)) + " FROM customers",
        ];

        var check = await Nlq(string.Join('\n', statements) + "\n", "sql", "check", "--db", Shop);
        var repl = await Nlq(string.Concat(statements.Select(s => $":sql {s}\n")), "--db", Shop);

        Assert.Equal(["complete", "complete", "complete"], check.Lines);
        // NlQuery's parser and printer take them, as sql check does; SQLite's expression depth limit (1000) refuses.
        Assert.Equal(Enumerable.Repeat("nlq: error: SQLite Error 1: 'Expression tree is too large (maximum depth 1000)'.", 3), result(repl.StdErr));

        static string[] result(string stderr) => stderr.TrimEnd('\n').Split('\n');
    }
}
