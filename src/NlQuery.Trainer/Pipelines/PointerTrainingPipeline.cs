using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using NlQuery.Models.Pointer;
using NlQuery.Training.Datasets;
using NlQuery.Training.Pipelines.Internal;
using NlQuery.Training.Promotion;
using NlQuery.Training.Scripts;

namespace NlQuery.Training.Pipelines;

/// <summary>
/// The pointer model's pipeline: dataset (C#: inputs, targets, frozen-encoder features) → train (train_pointer.py,
/// resumable) → export (export_pointer.py) → int8 (quantize_int8.py on the linker) → held-out evaluation through the
/// one translator → promotion only if better. Every step's output lives in the run folder, so running again resumes
/// where an interrupted run stopped.
/// </summary>
public sealed class PointerTrainingPipeline(PointerTrainingOptions options, PythonScriptRunner python, Action<string> log)
{
    /// <summary>What the pipeline decided, with the candidate's folder and its held-out score.</summary>
    public sealed record Result(string Candidate, ModelMetric? Metric, PromotionDecision Decision);

    public async Task<Result> RunAsync(CancellationToken cancellationToken = default)
    {
        var run = Path.GetFullPath(options.RunDirectory);
        var data = Path.Combine(run, "data");
        var train = Path.Combine(run, "train");
        var candidate = Path.Combine(run, "candidate");
        Directory.CreateDirectory(run);

        // 1. Dataset: built once per run folder (its files are written atomically, so their presence means complete).
        if (File.Exists(Path.Combine(data, PointerDatasetWriter.MetadataFileName)))
            log($"dataset: reusing {data}");
        else
            await PointerDatasetStep.RunAsync(options.Data, data, log: log, cancellationToken: cancellationToken).ConfigureAwait(false);

        // 2. Train (resumes from train/checkpoint.pt when present).
        var arguments = new List<string>
        {
            "--data", data, "--out", train, "--threads", options.Threads.ToString(CultureInfo.InvariantCulture),
            "--max-minutes", options.MaxMinutes.ToString(CultureInfo.InvariantCulture), "--device", options.Device,
        };
        if (options.Steps is { } steps)
            arguments.AddRange(["--steps", steps.ToString(CultureInfo.InvariantCulture)]);
        if (options.FineTuneEncoder)
            arguments.AddRange(["--finetune-encoder", "--encoder-onnx", Path.Combine(EncoderFiles.MiniLmDirectory(), "model.onnx")]);
        await Step("train_pointer.py", arguments, "train", cancellationToken).ConfigureAwait(false);

        // 3. Export, 4. int8 (the linker's matrix products; the LSTM step stays float).
        if (Directory.Exists(candidate))
            Directory.Delete(candidate, recursive: true);
        await Step("export_pointer.py", ["--checkpoint", train, "--out", candidate, "--data", data], "export", cancellationToken).ConfigureAwait(false);
        var linker = Path.Combine(candidate, "linker.onnx");
        await Step("quantize_int8.py", ["--model", linker, "--output", linker + ".int8"], "int8", cancellationToken).ConfigureAwait(false);
        File.Move(linker + ".int8", linker, overwrite: true);

        // 5. Held-out evaluation through the translator, as asking runs the model.
        var heldOutFile = Path.Combine(data, "heldout.jsonl");
        var heldOut = ReadHeldOut(heldOutFile);
        var (metric, error, details) = await HeldOutScoring.EvaluateAsync(candidate, heldOut, Sha256(heldOutFile), options.Data.SpiderDirectory,
            "greedy, unconstrained", "the held-out split is empty", "the held-out evaluation executes SQL in Spider's databases: give the Spider folder", log,
            cancellationToken).ConfigureAwait(false);
        var training = new JsonObject
        {
            ["train_sha256"] = Sha256(Path.Combine(data, "train.jsonl")),
            ["held_out_sha256"] = Sha256(heldOutFile),
            ["held_out_examples"] = heldOut.Count,
            ["hardware"] = $"{RuntimeInformation.OSDescription}, {Environment.ProcessorCount} logical CPUs, {options.Threads} training thread(s), device {options.Device}",
            ["encoder"] = options.FineTuneEncoder ? "MiniLM fine-tuned" : "MiniLM frozen (features cached)",
            ["command"] = "nlq train (docs/training.md)",
            ["finished_utc"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["evaluation"] = details,
        };
        var trainingJson = Path.Combine(train, "training.json");
        if (File.Exists(trainingJson))
            training["run"] = JsonNode.Parse(await File.ReadAllTextAsync(trainingJson, cancellationToken).ConfigureAwait(false));
        await ModelPromoter.WriteModelCardAsync(candidate, metric, training, cancellationToken).ConfigureAwait(false);
        log(metric is null ? $"evaluate: failed: {error}" : $"evaluate: {metric.Name} {metric.Value:G6} on {heldOut.Count} held-out examples");

        // 6. Promote only if better than the current model on the same held-out split.
        var (decision, _) = PromotionStep.Run(metric, error, candidate, options.TargetModelDirectory, options.NoPromote);
        return new Result(candidate, metric, decision);
    }

    private Task Step(string script, IEnumerable<string> arguments, string name, CancellationToken cancellationToken) =>
        PythonStep.RunAsync(python, script, arguments, name, log, PythonStep.ResumeAdvice, cancellationToken: cancellationToken);

    /// <summary>The held-out examples as the data step wrote them (question, SQL, database).</summary>
    private static List<TrainingExample> ReadHeldOut(string path)
    {
        var examples = new List<TrainingExample>();
        if (!File.Exists(path))
            return examples;
        foreach (var line in File.ReadLines(path))
        {
            var example = JsonSerializer.Deserialize<PointerExampleLine>(line)
                ?? throw new InvalidDataException($"{path}: an empty line.");
            examples.Add(new TrainingExample(line, example.Sql, example.DbId, example.Source ?? "") { Question = example.Question, Sql = example.Sql });
        }
        return examples;
    }

    private static string Sha256(string path) =>
        File.Exists(path) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))) : "";
}
