using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using NlQuery.Training.Datasets;
using NlQuery.Training.Pipelines.Internal;
using NlQuery.Training.Promotion;
using NlQuery.Training.Scripts;

namespace NlQuery.Training.Pipelines;

/// <summary>
/// The T5 family's pipeline (<c>nlq train --family t5</c>): dataset (PICARD text) → SentencePiece tokenizer
/// (tools/train_spm.py, unless given or the initial weights bring theirs) → train.py (resumed when the run folder has a
/// checkpoint, or started from existing weights) → export_onnx.py → quantize_int8.py → tools/half_weights.py (float16
/// weights beside the int8 model, so a promoted model can be trained further) → held-out evaluation → promotion only if
/// better.
/// </summary>
/// <remarks>
/// The promotion metric is execution accuracy on the held-out databases: the exported int8 model generates SQL greedily
/// (no parser constraint) through ONNX Runtime and the Spider evaluation executes it. Exact match and train.py's
/// held-out loss are stored beside it. Metrics are compared only when measured on the same held-out file.
/// </remarks>
public sealed class T5TrainingPipeline(T5TrainingOptions options, PythonScriptRunner python, Action<string> log)
{
    /// <summary>
    /// What the pipeline decided: the candidate's folder, the folder it was (or would have been) promoted to, its
    /// held-out score, and whether a promotion replaced a model that was there (kept as <see cref="ModelPromoter.BackupPath"/>).
    /// </summary>
    public sealed record Result(string Candidate, string Target, ModelMetric? Metric, PromotionDecision Decision, bool ReplacedCurrent);

    // Worded for nlq train, which is where a user meets them (in the decision's reason).
    private const string EmptyHeldOut = "the held-out split is empty (raise --held-out-fraction or add databases)";
    private const string NoSpider = "the held-out evaluation executes SQL in Spider's databases: give --spider";

    /// <exception cref="InvalidOperationException">
    /// A problem the user can fix (missing --init weights or tokenizer, no training examples) or a failed Python step;
    /// the message says which. A failed step leaves the run folder as it was, so running again resumes.
    /// </exception>
    public async Task<Result> RunAsync(CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxSteps);
        var run = Path.GetFullPath(options.RunDirectory);
        var target = Path.GetFullPath(options.TargetModelDirectory);
        var initFolder = options.InitDirectory is { } init ? T5InitWeights.WeightsFolder(init) : null;
        if (options.TokenizerPath is { } given && !File.Exists(given))
            throw new InvalidOperationException($"--spm: file not found: {Path.GetFullPath(given)}");
        Directory.CreateDirectory(run);

        // 1. Dataset. It is deterministic, so a resumed run rebuilds the same file (train.py checks its sha256).
        var trainPath = Path.Combine(run, "data", "train.jsonl");
        var manifest = await T5DatasetStep.RunAsync(options.Data, trainPath, log, cancellationToken).ConfigureAwait(false);
        if (manifest.Train.Examples == 0)
            throw new InvalidOperationException("the dataset has no training examples.");

        // 2. Tokenizer: given, the one the initial weights were trained with, or trained on the dataset.
        var tokenizer = options.TokenizerPath is { } spm ? Path.GetFullPath(spm)
            : initFolder is null ? Path.Combine(run, "spiece.model") : T5InitWeights.TokenizerOf(options.InitDirectory!, initFolder);
        if (!File.Exists(tokenizer))
            await PythonStep.RunAsync(python, "tools/train_spm.py", ["--jsonl", trainPath, "--vocab", Invariant(options.VocabularySize), "--out", tokenizer],
                "tokenizer", log, cancellationToken: cancellationToken).ConfigureAwait(false);

        // 3. Training (resumed when a checkpoint exists).
        var trainDir = Path.Combine(run, "train");
        var resume = File.Exists(Path.Combine(trainDir, "checkpoint.pt"));
        log(resume ? $"train: resuming from {Path.Combine(trainDir, "checkpoint.pt")}"
            : initFolder is null ? "train: starting" : $"train: starting from the weights in {initFolder}");
        string? deviceLine = null;
        var watch = Stopwatch.StartNew();
        await PythonStep.RunAsync(python, "train.py", TrainArguments(trainPath, tokenizer, trainDir, manifest, resume, initFolder), "train", log,
            $"the run folder {run} keeps the last checkpoint, run the same command to resume",
            line =>
            {
                if (line.Contains(" parameters, ", StringComparison.Ordinal))
                    deviceLine = line;
            }, cancellationToken).ConfigureAwait(false);
        var trainSeconds = watch.Elapsed.TotalSeconds;

        // 4. Export and quantise; float16 weights beside the int8 model, so that the promoted model can itself be trained further (--init).
        var model = Path.Combine(trainDir, "model");
        var exported = Path.Combine(run, "onnx-fp32");
        var candidate = Path.Combine(run, "candidate");
        await PythonStep.RunAsync(python, "export_onnx.py", ["--model", model, "--out", exported], "export", log, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (Directory.Exists(candidate))
            Directory.Delete(candidate, recursive: true);
        await PythonStep.RunAsync(python, "quantize_int8.py", ["--src", exported, "--out", candidate], "int8", log, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        await PythonStep.RunAsync(python, "tools/half_weights.py", ["--model", model, "--out", Path.Combine(candidate, T5InitWeights.WeightsSubfolder)],
            "weights", log, cancellationToken: cancellationToken).ConfigureAwait(false);

        // 5. Evaluate on the held-out split: generate SQL with the exported int8 model and score it with the Spider evaluation.
        var (metric, evaluationError, evaluation) = await HeldOutScoring.EvaluateAsync(candidate, manifest.Dataset.HeldOut, manifest.HeldOut.Sha256,
            options.Data.SpiderDirectory, "greedy, unconstrained, int8 ONNX", EmptyHeldOut, NoSpider, log, cancellationToken).ConfigureAwait(false);
        var logPath = Path.Combine(trainDir, "log.jsonl");
        var (loss, lossError) = T5TrainLog.HeldOutLoss(logPath, options.MaxSteps, manifest.HeldOut, EmptyHeldOut);
        evaluation["heldout_loss"] = loss?.Value;
        if (lossError is not null)
            evaluation["heldout_loss_error"] = lossError;
        var training = new JsonObject
        {
            ["train_sha256"] = manifest.Train.Sha256,
            ["train_examples"] = manifest.Train.Examples,
            ["held_out_sha256"] = manifest.HeldOut.Sha256,
            ["held_out_examples"] = manifest.HeldOut.Examples,
            ["steps"] = options.MaxSteps,
            ["config"] = initFolder is null ? options.Config : null,
            ["init"] = initFolder,
            ["resumed"] = resume,
            ["seconds_this_run"] = Math.Round(trainSeconds, 1),
            ["training_seconds_total"] = T5TrainLog.TrainingSeconds(logPath),
            ["hardware"] = $"{RuntimeInformation.OSDescription}, {Environment.ProcessorCount} logical CPUs, {options.Threads} training thread(s)",
            ["train_py"] = deviceLine,
            ["finished_utc"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["evaluation"] = evaluation,
        };
        await ModelPromoter.WriteModelCardAsync(candidate, metric, training, cancellationToken).ConfigureAwait(false);
        log(metric is null
            ? $"evaluate: failed: {evaluationError}"
            : $"evaluate: {metric.Name} {metric.Value:G6} on {manifest.HeldOut.Examples} held-out examples " +
              $"(exact match {evaluation["exact_match"]}, held-out loss {loss?.Value.ToString("G6", CultureInfo.InvariantCulture) ?? "n/a"})");

        // 6. Promote only if better than the current model on the same held-out split.
        var (decision, replaced) = PromotionStep.Run(metric, evaluationError, candidate, target, options.NoPromote);
        return new Result(candidate, target, metric, decision, replaced);
    }

    private List<string> TrainArguments(string trainPath, string tokenizer, string trainDir, DatasetManifest manifest, bool resume, string? initFolder)
    {
        var steps = options.MaxSteps;
        List<string> arguments =
        [
            "--train", trainPath, "--spm", tokenizer, "--out", trainDir, "--max-steps", Invariant(steps),
            "--batch-size", Invariant(options.BatchSize), "--lr", Invariant(options.LearningRate),
            "--warmup", Invariant(options.Warmup ?? Math.Min(1000, Math.Max(1, steps / 10))),
            "--save-every", Invariant(options.SaveEvery), "--eval-every", Invariant(steps),
            "--threads", Invariant(options.Threads), "--device", options.Device,
            "--log-every", Invariant(Math.Max(1, Math.Min(10, steps / 10))),
        ];
        arguments.AddRange(File.Exists(options.Config) ? ["--config", Path.GetFullPath(options.Config)] : ["--preset", options.Config]);
        if (manifest.HeldOut.Examples > 0)
            arguments.AddRange(["--eval", manifest.HeldOut.Path]);
        if (resume)
            arguments.Add("--resume");
        else if (initFolder is not null)
            arguments.AddRange(["--init", initFolder]);
        return arguments;
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
