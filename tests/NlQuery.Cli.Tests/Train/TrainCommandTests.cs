using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using NlQuery.Tests.Datasets;
using Xunit.Abstractions;

namespace NlQuery.Cli.Tests.Train;

/// <summary>
/// Runs the built <c>nlq train</c> as a user would: on a synthetic Spider folder, with the tiny preset and a few steps on
/// the CPU, through dataset, tokenizer, train.py, ONNX export, int8, evaluation and promotion.
/// </summary>
public sealed class TrainCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DatasetSubcommandWritesJsonlAndReportsDrops()
    {
        using var folder = new SyntheticSpiderFolder();
        await folder.WriteFeedbackAsync();
        var outFile = Path.Combine(folder.Root, "out", "train.jsonl");
        var (code, _, stderr) = await RunNlqAsync(TimeSpan.FromMinutes(2), "train", "dataset", "--spider", folder.Spider,
            "--feedback", folder.FeedbackStorePath, "--feedback-databases", folder.FeedbackDatabases, "--held-out-fraction", "0", "--out", outFile);
        output.WriteLine(stderr);
        Assert.Equal(0, code);
        Assert.Equal(6, File.ReadAllLines(outFile).Length);
        Assert.Contains("dropped: 2", stderr, StringComparison.Ordinal);
        Assert.Contains("excluded: it is an evaluation set", stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder.Root, "out", "train.manifest.json")));
    }

    [Fact]
    public async Task NoDataIsAClearError()
    {
        var (code, _, stderr) = await RunNlqAsync(TimeSpan.FromMinutes(1), "train", "dataset", "--out", Path.Combine(Path.GetTempPath(), "x.jsonl"));
        Assert.Equal(2, code);
        Assert.Contains("nlq: error: no data", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitWithoutWeightsIsAClearError()
    {
        using var folder = new SyntheticSpiderFolder();
        var onnxOnly = Path.Combine(folder.Root, "onnx-only");
        Directory.CreateDirectory(onnxOnly);
        File.WriteAllText(Path.Combine(onnxOnly, "encoder_model.onnx"), "not trainable");
        var run = Path.Combine(folder.Root, "run");
        var (code, _, stderr) = await RunNlqAsync(TimeSpan.FromMinutes(1), "train", "--family", "t5", "--spider", folder.Spider, "--out", run, "--init", onnxOnly);
        Assert.Equal(2, code);
        Assert.Contains("has no PyTorch weights", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(run));

        (code, _, stderr) = await RunNlqAsync(TimeSpan.FromMinutes(1), "train", "--family", "t5", "--spider", folder.Spider, "--out", run, "--init", Path.Combine(folder.Root, "nowhere"));
        Assert.Equal(2, code);
        Assert.Contains("--init: folder not found", stderr, StringComparison.Ordinal);
    }

    [PythonTorchFact]
    public async Task TrainsExportsEvaluatesAndPromotesThenKeepsTheBetterModel()
    {
        using var folder = new SyntheticSpiderFolder();
        var models = Path.Combine(folder.Root, "models");
        string[] Args(string run, int steps) =>
        [
            "train", "--family", "t5", "--spider", folder.Spider, "--held-out-fraction", "0.34", "--out", Path.Combine(folder.Root, run),
            "--config", "tiny", "--max-steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture), "--batch-size", "2",
            "--vocab", "200", "--save-every", "2", "--models", models, "--threads", "1", "--device", "cpu",
        ];
        var watch = Stopwatch.StartNew();
        var (code, stdout, stderr) = await RunNlqAsync(TimeSpan.FromMinutes(5), Args("run1", 4));
        output.WriteLine($"first run {watch.Elapsed.TotalSeconds:F1} s\n{stdout}\n{stderr}");
        Assert.Equal(0, code);
        Assert.Contains("promoted: there is no current model", stdout, StringComparison.Ordinal);
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(models, "default", "model.json")))!;
        Assert.Equal("heldout_execution_accuracy", card["metrics"]!["name"]!.GetValue<string>());
        Assert.NotNull(card["training"]!["evaluation"]!["heldout_loss"]);
        Assert.Equal(4, card["training"]!["steps"]!.GetValue<int>());
        Assert.True(card["training"]!["training_seconds_total"]!.GetValue<double>() > 0);
        Assert.NotNull(card["training_data_sha256"]);
        Assert.True(File.Exists(Path.Combine(models, "default", "encoder_model.onnx")));
        Assert.True(File.Exists(Path.Combine(models, "default", "spiece.model")));
        Assert.True(File.Exists(Path.Combine(models, "default", "pytorch", "pytorch_model.bin")));

        // The same command again resumes the finished checkpoint: same weights, same loss, so it is not better and is kept.
        watch.Restart();
        (code, stdout, stderr) = await RunNlqAsync(TimeSpan.FromMinutes(5), Args("run1", 4));
        output.WriteLine($"second run {watch.Elapsed.TotalSeconds:F1} s\n{stdout}\n{stderr}");
        Assert.Equal(0, code);
        Assert.Contains("train: resuming from", stderr, StringComparison.Ordinal);
        Assert.Contains("not promoted", stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(models, "default.previous")));

        // The promoted model trains further: its float16 weights and tokenizer are the starting point of a new run.
        var next = Args("run2", 2).Concat(["--init", Path.Combine(models, "default"), "--no-promote"]).ToArray();
        (code, stdout, stderr) = await RunNlqAsync(TimeSpan.FromMinutes(5), next);
        output.WriteLine($"third run\n{stdout}\n{stderr}");
        Assert.Equal(0, code);
        Assert.Contains("train: initialised from " + Path.Combine(models, "default", "pytorch"), stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Root, "run2", "spiece.model"))); // the model's own tokenizer, not a new one
        var nextCard = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Root, "run2", "candidate", "model.json")))!;
        Assert.Equal(Path.Combine(models, "default", "pytorch"), nextCard["training"]!["init"]!.GetValue<string>());
    }

    [Fact]
    public async Task InitIsForT5Only()
    {
        using var folder = new SyntheticSpiderFolder();
        var run = Path.Combine(folder.Root, "run");
        var (code, _, stderr) = await RunNlqAsync(TimeSpan.FromMinutes(1), "train", "--spider", folder.Spider, "--out", run, "--init", folder.Root);
        Assert.Equal(2, code);
        Assert.Contains("--init and --spm are for --family t5", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(run));
    }

    [PythonTorchFact]
    public async Task ThePointerPipelineBuildsTrainsExportsEvaluatesAndPromotes()
    {
        using var folder = new SyntheticSpiderFolder();
        var models = Path.Combine(folder.Root, "models");
        var run = Path.Combine(folder.Root, "pointer");
        string[] args =
        [
            "train", "--spider", folder.Spider, "--held-out-fraction", "0.34", "--out", run, "--steps", "3", "--max-minutes", "2",
            "--models", models, "--threads", "1",
        ];
        var (code, stdout, stderr) = await RunNlqAsync(TimeSpan.FromMinutes(5), args);
        output.WriteLine($"{stdout}\n{stderr}");
        Assert.Equal(0, code);
        Assert.Contains("promoted: there is no current model", stdout, StringComparison.Ordinal);
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(models, "default", "model.json")))!;
        Assert.Equal("pointer-minilm", card["format"]!.GetValue<string>());
        Assert.Equal("heldout_execution_accuracy", card["metrics"]!["name"]!.GetValue<string>());
        Assert.NotNull(card["training_data_sha256"]);
        Assert.Equal(3, card["training"]!["run"]!["steps"]!.GetValue<int>());
        foreach (var file in new[] { "linker.onnx", "decoder_step.onnx" })
            Assert.True(File.Exists(Path.Combine(models, "default", file)), file);

        // The promoted model answers through the one translator (nlq ask on a synthetic database).
        var database = Directory.GetFiles(Path.Combine(folder.Spider, "database"), "*.sqlite", SearchOption.AllDirectories)[0];
        (code, stdout, stderr) = await RunNlqAsync(TimeSpan.FromMinutes(2), "ask", "--db", database, "--model", Path.Combine(models, "default"),
            "--sql-only", "How many rows are there?");
        output.WriteLine($"{stdout}\n{stderr}");
        Assert.True(code is 0 or 2, stderr);   // a 3-step model may write no SQL at all: then it says so (2), never crashes

        // Again: the dataset is reused, training resumes its finished checkpoint, the same score is not better.
        (code, stdout, stderr) = await RunNlqAsync(TimeSpan.FromMinutes(5), args);
        output.WriteLine($"{stdout}\n{stderr}");
        Assert.Equal(0, code);
        Assert.Contains("dataset: reusing", stderr, StringComparison.Ordinal);
        Assert.Contains("not promoted", stdout, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunNlqAsync(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "nlq.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start nlq");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
