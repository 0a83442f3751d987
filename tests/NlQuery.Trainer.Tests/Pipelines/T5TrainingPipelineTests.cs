using System.Text.Json.Nodes;
using NlQuery.Tests.Datasets;
using NlQuery.Training.Datasets;
using NlQuery.Training.Pipelines;
using NlQuery.Training.Scripts;

namespace NlQuery.Tests.Pipelines;

/// <summary>
/// The T5 pipeline's orchestration with stand-in scripts (shell, run where Python would be): which step gets which
/// arguments, resuming, starting from given weights, the model card, and the errors a user sees. The real scripts and
/// the real evaluation run in the CLI's end-to-end test (TrainCommandTests, with PyTorch).
/// </summary>
public sealed class T5TrainingPipelineTests : IDisposable
{
    // Each stand-in records its name and arguments, then writes what the next step reads. train.py logs a held-out
    // loss and a speed at the last step, keeps a checkpoint, and fails when a "fail-train" file is beside it.
    private const string FakeScript = """
        dir=$(cd "$(dirname "$0")" && pwd); name=$(basename "$0")
        if [ "$(basename "$dir")" = tools ]; then name="tools/$name"; dir=$(dirname "$dir"); fi
        echo "$name $*" >> "$dir/calls.log"
        out=""; steps=""
        while [ $# -gt 0 ]; do
          case "$1" in --out) out="$2"; shift ;; --max-steps) steps="$2"; shift ;; esac
          shift
        done
        case "$name" in
          tools/train_spm.py) echo spm > "$out" ;;
          train.py)
            [ -f "$dir/fail-train" ] && exit 3
            echo "model: 1234 parameters, device cpu"
            mkdir -p "$out/model"; echo weights > "$out/checkpoint.pt"
            echo "{\"step\": $steps, \"sec_per_step\": 0.5, \"eval_loss\": 1.25}" >> "$out/log.jsonl" ;;
          quantize_int8.py) mkdir -p "$out"; echo '{"format": "stand-in"}' > "$out/model.json" ;;
          *) mkdir -p "$out" ;;
        esac
        """;

    private readonly SyntheticSpiderFolder _spider = new();
    private readonly List<string> _log = [];

    private string Scripts => Path.Combine(_spider.Root, "scripts");

    private string Run => Path.Combine(_spider.Root, "run");

    private string Target => Path.Combine(_spider.Root, "models", "default");

    public T5TrainingPipelineTests()
    {
        Directory.CreateDirectory(Path.Combine(Scripts, "tools"));
        foreach (var script in new[] { "train.py", "export_onnx.py", "quantize_int8.py", "tools/train_spm.py", "tools/half_weights.py" })
            File.WriteAllText(Path.Combine(Scripts, script), FakeScript);
    }

    public void Dispose() => _spider.Dispose();

    [Fact]
    public async Task RunsEveryStepIntoTheRunFolderAndWritesTheModelCard()
    {
        var result = await NewPipeline(Options()).RunAsync();

        var calls = Calls();
        Assert.Equal(["tools/train_spm.py", "train.py", "export_onnx.py", "quantize_int8.py", "tools/half_weights.py"], calls.Select(c => c.Script));
        var train = calls[1].Arguments;
        Assert.Equal(Path.Combine(Run, "spiece.model"), After(train, "--spm"));
        Assert.Equal("tiny", After(train, "--preset"));
        Assert.Equal("1", After(train, "--warmup"));   // min(1000, max(1, 4 / 10))
        Assert.Equal(Path.Combine(Run, "data", "train.heldout.jsonl"), After(train, "--eval"));
        Assert.DoesNotContain("--resume", train);
        Assert.Equal(Path.Combine(Run, "candidate", "pytorch"), After(calls[4].Arguments, "--out"));
        Assert.Contains("train: starting", _log);
        Assert.Contains("train: model: 1234 parameters, device cpu", _log);

        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(Run, "candidate", "model.json")))!;
        Assert.Equal("stand-in", card["format"]!.GetValue<string>());   // the export's keys are kept
        var training = card["training"]!;
        Assert.Equal(4, training["steps"]!.GetValue<int>());
        Assert.Equal("tiny", training["config"]!.GetValue<string>());
        Assert.False(training["resumed"]!.GetValue<bool>());
        Assert.Equal(2.0, training["training_seconds_total"]!.GetValue<double>());
        Assert.Equal("model: 1234 parameters, device cpu", training["train_py"]!.GetValue<string>());
        Assert.Equal(1.25, training["evaluation"]!["heldout_loss"]!.GetValue<double>());
        Assert.Equal(training["train_sha256"]!.GetValue<string>(), card["training_data_sha256"]!.GetValue<string>());

        // The stand-in candidate is no model: the evaluation fails, so it is never promoted.
        Assert.Null(result.Metric);
        Assert.False(result.Decision.Promote);
        Assert.Contains("evaluation failed", result.Decision.Reason, StringComparison.Ordinal);
        Assert.Null(card["metrics"]);
        Assert.False(Directory.Exists(Target));
    }

    [Fact]
    public async Task RunningAgainResumesTheCheckpointAndKeepsTheTokenizer()
    {
        await NewPipeline(Options()).RunAsync();
        File.Delete(Path.Combine(Scripts, "calls.log"));
        _log.Clear();

        await NewPipeline(Options()).RunAsync();

        var calls = Calls();
        Assert.DoesNotContain(calls, c => c.Script == "tools/train_spm.py");
        Assert.Contains("--resume", calls.Single(c => c.Script == "train.py").Arguments);
        Assert.Contains($"train: resuming from {Path.Combine(Run, "train", "checkpoint.pt")}", _log);
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(Run, "candidate", "model.json")))!;
        Assert.True(card["training"]!["resumed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task StartsFromAModelsFloat16WeightsWithItsTokenizer()
    {
        var model = Path.Combine(_spider.Root, "promoted");
        var weights = Path.Combine(model, "pytorch");
        Directory.CreateDirectory(weights);
        foreach (var file in new[] { "config.json", "pytorch_model.bin", "spiece.model" })
            File.WriteAllText(Path.Combine(weights, file), "x");

        await NewPipeline(Options() with { InitDirectory = model }).RunAsync();

        var train = Calls().Single(c => c.Script == "train.py").Arguments;
        Assert.Equal(weights, After(train, "--init"));
        Assert.Equal(Path.Combine(weights, "spiece.model"), After(train, "--spm"));
        Assert.DoesNotContain(Calls(), c => c.Script == "tools/train_spm.py");
        Assert.Contains($"train: starting from the weights in {weights}", _log);
        var training = JsonNode.Parse(File.ReadAllText(Path.Combine(Run, "candidate", "model.json")))!["training"]!;
        Assert.Equal(weights, training["init"]!.GetValue<string>());
        Assert.Null(training["config"]);
    }

    [Fact]
    public async Task WeightsWithoutTheirTokenizerAreAClearError()
    {
        var model = Path.Combine(_spider.Root, "hf");
        Directory.CreateDirectory(model);
        File.WriteAllText(Path.Combine(model, "config.json"), "{}");
        File.WriteAllText(Path.Combine(model, "model.safetensors"), "x");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NewPipeline(Options() with { InitDirectory = model }).RunAsync());

        Assert.Equal($"--init: no spiece.model in {model}: give --spm with the tokenizer these weights were trained with.", error.Message);
        Assert.False(File.Exists(Path.Combine(Scripts, "calls.log")));
    }

    [Fact]
    public async Task AMissingTokenizerFileIsAnErrorBeforeTheRunFolderIsMade()
    {
        var missing = Path.Combine(_spider.Root, "nowhere.model");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NewPipeline(Options() with { TokenizerPath = missing }).RunAsync());

        Assert.Equal($"--spm: file not found: {missing}", error.Message);
        Assert.False(Directory.Exists(Run));
    }

    [Fact]
    public async Task AFailedTrainingSaysTheRunFolderResumes()
    {
        File.WriteAllText(Path.Combine(Scripts, "fail-train"), "");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NewPipeline(Options()).RunAsync());

        Assert.Equal($"train.py failed (exit code 3); the run folder {Run} keeps the last checkpoint, run the same command to resume.", error.Message);
        Assert.DoesNotContain(Calls(), c => c.Script == "export_onnx.py");
    }

    private T5TrainingOptions Options() => new()
    {
        Data = new DatasetBuilderOptions { SpiderDirectory = _spider.Spider, HeldOutFraction = 0.34 },
        RunDirectory = Run,
        TargetModelDirectory = Target,
        Config = "tiny",
        MaxSteps = 4,
    };

    private T5TrainingPipeline NewPipeline(T5TrainingOptions options) =>
        new(options, new PythonScriptRunner("/bin/sh", Scripts), line =>
        {
            lock (_log)
                _log.Add(line);
        });

    private List<(string Script, string[] Arguments)> Calls() =>
        File.ReadAllLines(Path.Combine(Scripts, "calls.log")).Select(line => line.Split(' ')).Select(parts => (parts[0], parts[1..])).ToList();

    private static string After(string[] arguments, string name) => arguments[Array.IndexOf(arguments, name) + 1];
}
