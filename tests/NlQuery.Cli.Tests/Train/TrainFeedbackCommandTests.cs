using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using NlQuery.Feedback;
using NlQuery.Tests;
using NlQuery.Translation;
using Xunit.Abstractions;

namespace NlQuery.Cli.Tests.Train;

/// <summary>
/// Learning from corrections end to end, as a user does it: corrections logged through <c>CorrectAsync</c> and the
/// REPL's <c>:fix</c> on a copy of the shop database, then <c>nlq train --feedback</c> fine-tunes a tiny untrained
/// pointer model (tools/make_untrained_pointer.py: the default model's vocabulary, d 16) and promotes it only when it
/// beats the current model on the held-out corrections; an engine that was already running over the model folder then answers with it, without a restart.
/// No Spider folder: nothing is replayed and the forgetting check is skipped (the output says so).
/// </summary>
public sealed class TrainFeedbackCommandTests(ITestOutputHelper output) : IDisposable
{
    private const string Count = "SELECT count(*) FROM customers";

    private static readonly string[] Paraphrases =
    [
        "How many customers are there?", "Count the customers", "Number of customers", "How many customers do we have?",
        "What is the number of customers?", "Tell me how many customers exist", "Total customers", "How many clients are there?",
        "Customer count",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("nlq-train-feedback-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [PythonTorchFact]
    public async Task CorrectionsMakeAPromotedModelThatAnswersThem()
    {
        var (db, store, model) = await LogCorrectionsAsync();
        // An engine already running over the model folder, following it as NlQueryEngine.Default, nlq serve and the REPL do
        // (automatic checks off: the test reloads explicitly, so nothing depends on timing).
        using var followed = new ReloadingTranslator(model) { CheckInterval = Timeout.InfiniteTimeSpan };
        await using var engine = new NlQueryEngine(followed, FeedbackStore.OpenFile(Path.Combine(_folder, "other.db")));
        var result = await TrainAsync(db, store, model);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("held-out corrections (", result.StdOut);
        Assert.Contains("current 0.0 %, candidate 100.0 %", result.StdOut);
        Assert.Contains("Spider held-out: skipped (no --spider)", result.StdOut);
        Assert.Contains("promoted: held-out corrections 0.0 % → 100.0 %", result.StdOut);
        Assert.Contains("rejected \"How many orders are there?\": refused when given", result.StdErr);
        Assert.True(Directory.Exists(model + ".previous"));

        var feedback = JsonNode.Parse(File.ReadAllText(Path.Combine(model, "model.json")))!["training"]!["feedback"]!;
        Assert.True(feedback["promoted"]!.GetValue<bool>());
        Assert.Equal(1.0, feedback["scores"]!["candidate"]!["feedback_execution_accuracy"]!.GetValue<double>());
        Assert.Equal(0.0, feedback["scores"]!["current"]!["feedback_execution_accuracy"]!.GetValue<double>());
        Assert.Equal(1, feedback["corrections"]!["rejected"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(model, "weights", "pointer.pt")), "a promoted model can be fine-tuned again");

        // The running engine picks up the promoted model without a restart and answers a corrected question with it.
        Assert.True(await followed.ReloadIfChangedAsync());
        Assert.Equal(2, followed.Generation);
        await using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var answer = await engine.AskAsync(connection, "How many customers are there?");
        Assert.Equal("SELECT count(*) FROM customers", answer.Sql, ignoreCase: true);
        Assert.Equal(120L, Convert.ToInt64(answer.Rows.Rows[0][0]));
    }

    [PythonTorchFact]
    public async Task ACandidateThatCannotClearTheGateIsNotPromoted()
    {
        var (db, store, model) = await LogCorrectionsAsync();
        var before = File.ReadAllText(Path.Combine(model, "model.json"));
        var result = await TrainAsync(db, store, model, "--min-gain", "101");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("not promoted: on the held-out corrections the candidate scores 100.0 %, the current model 0.0 % (+100.0 points; more than 101.0 needed)",
            result.StdOut);
        Assert.Contains("candidate left at ", result.StdOut);
        Assert.Equal(before, File.ReadAllText(Path.Combine(model, "model.json")));
        Assert.False(Directory.Exists(model + ".previous"));
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder, "run", "candidate", "model.json")))!;
        Assert.False(card["training"]!["feedback"]!["promoted"]!.GetValue<bool>());
        Assert.True(card["training"]!["feedback"]!["stage_seconds"]!["train"]!.GetValue<double>() > 0);
    }

    [Fact]
    public async Task InitWithoutWeightsIsAClearError()
    {
        var db = Path.Combine(_folder, "shop.db");
        File.Copy(Path.Combine(SharedData.RepositoryRoot, "samples", "shop.db"), db);
        var store = Path.Combine(_folder, "feedback.db");
        await using (var feedback = FeedbackStore.OpenFile(store))
            await feedback.AddAsync(new FeedbackRecord("How many customers?", "shop", "", null, Count, null, DateTimeOffset.UtcNow));
        var result = await NlqProcess.RunAsync(["train", "--feedback", store, "--db", db, "--init", Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5"),
            "--out", Path.Combine(_folder, "run")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a pointer-minilm model", result.StdErr);
    }

    /// <summary>The shop database, a feedback store with its corrections (one refused), and the tiny model to fine-tune.</summary>
    private async Task<(string Db, string Store, string Model)> LogCorrectionsAsync()
    {
        var db = Path.Combine(_folder, "shop.db");
        File.Copy(Path.Combine(SharedData.RepositoryRoot, "samples", "shop.db"), db);
        var model = Path.Combine(_folder, "model");
        var python = Path.Combine(SharedData.RepositoryRoot, "src", "NlQuery.Trainer", "python", "tools", "make_untrained_pointer.py");
        using (var make = Process.Start(new ProcessStartInfo("/usr/bin/python3", [python, "--like", Path.Combine(SharedData.RepositoryRoot, "models", "default"), "--out", model])
               { RedirectStandardError = true, RedirectStandardOutput = true })!)
        {
            var error = await make.StandardError.ReadToEndAsync();
            await make.WaitForExitAsync();
            Assert.True(make.ExitCode == 0, error);
        }

        var store = Path.Combine(_folder, "feedback.db");
        using (var translator = ModelTranslator.Load(model))
        await using (var engine = new NlQueryEngine(translator, FeedbackStore.OpenFile(store)))
        await using (var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            foreach (var question in Paraphrases)
                await engine.CorrectAsync(connection, question, Count);
            var refused = await Assert.ThrowsAsync<ArgumentException>(() => engine.CorrectAsync(connection, "How many orders are there?", "SELECT count(*) FROM nowhere"));
            Assert.Contains("kept as rejected", refused.Message);
        }
        // One more through the REPL, as a user types it.
        var repl = await NlqProcess.RunAsync(["--db", db, "--model", model, "--feedback", store], "How many customers in total?\n:fix " + Count + "\n",
            workingDirectory: Path.GetTempPath());
        Assert.True(repl.ExitCode == 0, repl.ToString());
        Assert.Contains("correction logged", repl.StdOut);
        return (db, store, model);
    }

    private async Task<NlqResult> TrainAsync(string db, string store, string model, params string[] extra)
    {
        var result = await NlqProcess.RunAsync(["train", "--feedback", store, "--db", db, "--init", model, "--out", Path.Combine(_folder, "run"),
            "--steps", "150", "--lr", "0.01", "--batch-size", "8", "--threads", "1", .. extra], timeout: TimeSpan.FromMinutes(4));
        output.WriteLine(result.ToString());
        return result;
    }
}
