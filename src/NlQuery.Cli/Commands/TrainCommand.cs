using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using NlQuery.Cli.Models;
using NlQuery.Training.Datasets;
using NlQuery.Training.Promotion;
using NlQuery.Training.Scripts;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq train --spider … --out runs/x [--config small] [--max-steps N] [--models models]</c>: builds the dataset, trains
/// (train.py, resuming when the run folder has a checkpoint), exports ONNX and the int8 model, evaluates the candidate on
/// the held-out databases and promotes it to <c>models/default</c> only if it beats the current model's stored metric.
/// </summary>
/// <remarks>
/// The promotion metric is execution accuracy on the held-out databases: the exported int8 model generates SQL greedily
/// (no parser constraint) through ONNX Runtime and the Spider evaluation executes it. Exact match and train.py's
/// held-out loss are stored beside it. Metrics are compared only when measured on the same held-out file.
/// </remarks>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new TrainDatasetOptions();
        var output = new Option<DirectoryInfo>("--out") { Description = "Run folder (dataset, tokenizer, checkpoints, exported candidate).", Required = true };
        var config = new Option<string>("--config") { Description = "Model preset (tiny, small, base) or a JSON file of Hugging Face T5 config keys.", DefaultValueFactory = _ => "small" };
        var maxSteps = new Option<int>("--max-steps") { Description = "Optimizer steps in total.", DefaultValueFactory = _ => 10000 };
        var batchSize = new Option<int>("--batch-size") { Description = "Examples per step.", DefaultValueFactory = _ => 16 };
        var learningRate = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => 1e-3 };
        var warmup = new Option<int?>("--warmup") { Description = "Warm-up steps (default: min(1000, max-steps / 10))." };
        var saveEvery = new Option<int>("--save-every") { Description = "Checkpoint every N steps.", DefaultValueFactory = _ => 200 };
        var spm = new Option<FileInfo?>("--spm") { Description = "SentencePiece model to use (default: train one on the dataset into the run folder)." };
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary size when training the tokenizer.", DefaultValueFactory = _ => 8000 };
        var models = new Option<DirectoryInfo?>("--models") { Description = "Models folder; the candidate may replace <models>/default (default: ./models)." };
        var noPromote = new Option<bool>("--no-promote") { Description = "Evaluate but never replace the default model." };
        var python = new Option<string?>("--python") { Description = "Python interpreter (default /usr/bin/python3)." };
        var threads = new Option<int>("--threads") { Description = "CPU threads for training.", DefaultValueFactory = _ => 2 };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda[:N].", DefaultValueFactory = _ => "auto" };
        var init = new Option<DirectoryInfo?>("--init")
        {
            Description = "Start from these weights instead of random ones (--config is then ignored): a model folder NlQuery trained " +
                          "(its pytorch/ folder), or a Hugging Face T5 folder (config.json + pytorch_model.bin or model.safetensors). " +
                          "Its spiece.model is the tokenizer unless --spm is given.",
        };

        var family = new Option<string>("--family") { Description = "pointer (the default model's family) or t5.", DefaultValueFactory = _ => "pointer" };
        family.AcceptOnlyFromAmong("pointer", "t5");
        var maxMinutes = new Option<double>("--max-minutes") { Description = "pointer: training minutes at most, across resumed runs.", DefaultValueFactory = _ => 80 };
        var pointerSteps = new Option<int?>("--steps") { Description = "pointer: optimizer steps planned (default: what --max-minutes allows at the measured speed)." };
        var fineTune = new Option<bool>("--finetune-encoder") { Description = "pointer: fine-tune MiniLM too, with mixed precision (meant for --device cuda)." };

        var feedback = new TrainFeedbackCommand();
        var command = new Command("train", "Build the dataset, train (the pointer model by default, or a T5), export ONNX + int8, evaluate on held-out databases and promote if better; " +
                                           "with --feedback, fine-tune the current model on a user's corrections instead.");
        data.AddTo(command);
        feedback.AddTo(command);
        foreach (var option in new Option[] { output, family, maxMinutes, pointerSteps, fineTune, config, maxSteps, batchSize, learningRate, warmup, saveEvery, spm, vocab, models, noPromote, python, threads, device, init })
            command.Options.Add(option);
        command.Subcommands.Add(TrainDatasetCommand.Create());
        command.SetAction((parse, cancellationToken) => CliError.RunAsync(async () =>
        {
            if (parse.GetValue(family) == "pointer" && parse.GetValue(data.Feedback) is { } store)
            {
                if (parse.GetValue(spm) is not null)
                    throw new CliError("--spm is for --family t5: the pointer model uses MiniLM's WordPiece vocabulary.");
                var initModel = parse.GetValue(init)?.FullName ?? TranslatorFactory.Locate(null);
                // Learning from corrections takes minutes, not the 80 of training from scratch: 8 unless given.
                var budget = parse.GetResult(maxMinutes) is { Implicit: false } ? parse.GetValue(maxMinutes) : 8;
                if (!(budget > 0))
                    throw new CliError($"--max-minutes must be positive, not {budget}.");
                return await feedback.RunAsync(parse, store, database =>
                {
                    var options = new Training.Pipelines.FeedbackTrainingOptions
                    {
                        Database = database,
                        InitModelDirectory = initModel,
                        TargetModelDirectory = parse.GetValue(models) is { } modelsFolder ? Path.Combine(modelsFolder.FullName, "default") : null,
                        SpiderDirectory = parse.GetValue(data.Spider)?.FullName,
                        RunDirectory = parse.GetValue(output)!.FullName,
                        MaxMinutes = budget,
                        Steps = parse.GetValue(pointerSteps),
                        Threads = parse.GetValue(threads),
                        Seed = parse.GetValue(data.Seed),
                        NoPromote = parse.GetValue(noPromote),
                    };
                    // --lr and --batch-size default to T5's values; fine-tuning keeps its own unless they are given.
                    if (parse.GetResult(learningRate) is { Implicit: false })
                        options = options with { LearningRate = parse.GetValue(learningRate) };
                    if (parse.GetResult(batchSize) is { Implicit: false })
                        options = options with { BatchSize = parse.GetValue(batchSize) };
                    return options;
                }, new PythonScriptRunner(parse.GetValue(python)), cancellationToken).ConfigureAwait(false);
            }
            if (parse.GetValue(family) == "pointer")
            {
                if (parse.GetValue(init) is not null || parse.GetValue(spm) is not null)
                    throw new CliError("--init and --spm are for --family t5 or --feedback: the pointer model trained from scratch starts from the pretrained MiniLM encoder.");
                var minutes = parse.GetValue(maxMinutes);
                if (!(minutes > 0))
                    throw new CliError($"--max-minutes must be positive, not {minutes}.");
                var pipeline = new Training.Pipelines.PointerTrainingPipeline(new Training.Pipelines.PointerTrainingOptions
                {
                    Data = data.BuilderOptions(parse),
                    RunDirectory = parse.GetValue(output)!.FullName,
                    TargetModelDirectory = Path.Combine(parse.GetValue(models)?.FullName ?? Path.GetFullPath("models"), "default"),
                    MaxMinutes = minutes,
                    Steps = parse.GetValue(pointerSteps),
                    Threads = parse.GetValue(threads),
                    Device = parse.GetValue(device) is "auto" or null ? "cpu" : parse.GetValue(device)!,
                    FineTuneEncoder = parse.GetValue(fineTune),
                    NoPromote = parse.GetValue(noPromote),
                }, new PythonScriptRunner(parse.GetValue(python)), Console.Error.WriteLine);
                Training.Pipelines.PointerTrainingPipeline.Result result;
                try
                {
                    result = await pipeline.RunAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidOperationException e)
                {
                    throw new CliError(e.Message);
                }
                Console.Out.WriteLine(result.Decision.Promote ? $"{result.Decision.Reason}; promoted from {result.Candidate}" : $"{result.Decision.Reason}; candidate left at {result.Candidate}");
                return 0;
            }
            var run = parse.GetValue(output)!.FullName;
            var steps = parse.GetValue(maxSteps);
            if (steps <= 0)
                throw new CliError($"--max-steps must be positive, not {steps}.");
            var initFolder = parse.GetValue(init) is { } initValue ? WeightsFolder(initValue) : null;
            if (parse.GetValue(spm) is { Exists: false } missing)
                throw new CliError($"--spm: file not found: {missing.FullName}");
            var runner = new PythonScriptRunner(parse.GetValue(python));
            Directory.CreateDirectory(run);

            // 1. Dataset. It is deterministic, so a resumed run rebuilds the same file (train.py checks its sha256).
            var trainPath = Path.Combine(run, "data", "train.jsonl");
            var manifest = await data.BuildAndWriteAsync(parse, trainPath, cancellationToken).ConfigureAwait(false);
            if (manifest.Train.Examples == 0)
                throw new CliError("the dataset has no training examples.");

            // 2. Tokenizer: given, the one the initial weights were trained with, or trained on the dataset.
            var tokenizer = parse.GetValue(spm)?.FullName
                            ?? (initFolder is null ? Path.Combine(run, "spiece.model") : TokenizerOf(parse.GetValue(init)!, initFolder));
            if (!File.Exists(tokenizer))
                await Step(runner, "tools/train_spm.py", ["--jsonl", trainPath, "--vocab", Invariant(parse.GetValue(vocab)), "--out", tokenizer],
                    "tokenizer", cancellationToken).ConfigureAwait(false);

            // 3. Training (resumed when a checkpoint exists).
            var trainDir = Path.Combine(run, "train");
            var resume = File.Exists(Path.Combine(trainDir, "checkpoint.pt"));
            var configValue = parse.GetValue(config)!;
            List<string> trainArgs =
            [
                "--train", trainPath, "--spm", tokenizer, "--out", trainDir, "--max-steps", Invariant(steps),
                "--batch-size", Invariant(parse.GetValue(batchSize)), "--lr", Invariant(parse.GetValue(learningRate)),
                "--warmup", Invariant(parse.GetValue(warmup) ?? Math.Min(1000, Math.Max(1, steps / 10))),
                "--save-every", Invariant(parse.GetValue(saveEvery)), "--eval-every", Invariant(steps),
                "--threads", Invariant(parse.GetValue(threads)), "--device", parse.GetValue(device)!,
                "--log-every", Invariant(Math.Max(1, Math.Min(10, steps / 10))),
            ];
            trainArgs.AddRange(File.Exists(configValue) ? ["--config", Path.GetFullPath(configValue)] : ["--preset", configValue]);
            if (manifest.HeldOut.Examples > 0)
                trainArgs.AddRange(["--eval", manifest.HeldOut.Path]);
            if (resume)
                trainArgs.Add("--resume");
            else if (initFolder is not null)
                trainArgs.AddRange(["--init", initFolder]);
            Console.Error.WriteLine(resume ? $"train: resuming from {Path.Combine(trainDir, "checkpoint.pt")}"
                : initFolder is null ? "train: starting" : $"train: starting from the weights in {initFolder}");
            string? deviceLine = null;
            var watch = Stopwatch.StartNew();
            var code = await runner.RunAsync("train.py", trainArgs, line =>
            {
                if (line.Contains(" parameters, ", StringComparison.Ordinal))
                    deviceLine = line;
                Console.Error.WriteLine($"train: {line}");
            }, cancellationToken).ConfigureAwait(false);
            var trainSeconds = watch.Elapsed.TotalSeconds;
            if (code != 0)
                throw new CliError($"train.py failed (exit code {code}); the run folder {run} keeps the last checkpoint, run the same command to resume.");

            // 4. Export and quantise.
            var exported = Path.Combine(run, "onnx-fp32");
            var candidate = Path.Combine(run, "candidate");
            await Step(runner, "export_onnx.py", ["--model", Path.Combine(trainDir, "model"), "--out", exported], "export", cancellationToken).ConfigureAwait(false);
            if (Directory.Exists(candidate))
                Directory.Delete(candidate, recursive: true);
            await Step(runner, "quantize_int8.py", ["--src", exported, "--out", candidate], "int8", cancellationToken).ConfigureAwait(false);
            // float16 weights beside the int8 model, so that the promoted model can itself be trained further (--init).
            await Step(runner, "tools/half_weights.py", ["--model", Path.Combine(trainDir, "model"), "--out", Path.Combine(candidate, WeightsSubfolder)],
                "weights", cancellationToken).ConfigureAwait(false);

            // 5. Evaluate on the held-out split: generate SQL with the exported int8 model and score it with the Spider evaluation.
            var (metric, evaluationError, evaluation) = await EvaluateAsync(candidate, manifest, parse.GetValue(data.Spider), cancellationToken).ConfigureAwait(false);
            var (loss, lossError) = HeldOutLoss(Path.Combine(trainDir, "log.jsonl"), steps, manifest.HeldOut);
            evaluation["heldout_loss"] = loss?.Value;
            if (lossError is not null)
                evaluation["heldout_loss_error"] = lossError;
            var training = new JsonObject
            {
                ["train_sha256"] = manifest.Train.Sha256,
                ["train_examples"] = manifest.Train.Examples,
                ["held_out_sha256"] = manifest.HeldOut.Sha256,
                ["held_out_examples"] = manifest.HeldOut.Examples,
                ["steps"] = steps,
                ["config"] = initFolder is null ? configValue : null,
                ["init"] = initFolder,
                ["resumed"] = resume,
                ["seconds_this_run"] = Math.Round(trainSeconds, 1),
                ["training_seconds_total"] = LoggedTrainingSeconds(Path.Combine(trainDir, "log.jsonl")),
                ["hardware"] = $"{RuntimeInformation.OSDescription}, {Environment.ProcessorCount} logical CPUs, {parse.GetValue(threads)} training thread(s)",
                ["train_py"] = deviceLine,
                ["finished_utc"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                ["evaluation"] = evaluation,
            };
            await ModelPromoter.WriteModelCardAsync(candidate, metric, training, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine(metric is null
                ? $"evaluate: failed: {evaluationError}"
                : $"evaluate: {metric.Name} {metric.Value:G6} on {manifest.HeldOut.Examples} held-out examples " +
                  $"(exact match {evaluation["exact_match"]}, held-out loss {loss?.Value.ToString("G6", CultureInfo.InvariantCulture) ?? "n/a"})");

            // 6. Promote.
            var target = Path.Combine(parse.GetValue(models)?.FullName ?? Path.GetFullPath("models"), "default");
            var decision = ModelPromoter.Decide(metric, evaluationError, target);
            if (parse.GetValue(noPromote))
                decision = decision with { Promote = false, Reason = $"not promoted (--no-promote); the rule says: {decision.Reason}" };
            if (decision.Promote)
            {
                var hadCurrent = Directory.Exists(target);
                ModelPromoter.Promote(candidate, target);
                Console.Out.WriteLine(hadCurrent
                    ? $"{decision.Reason}; {target} replaced (previous kept at {ModelPromoter.BackupPath(target)})"
                    : $"{decision.Reason}; candidate installed at {target}");
            }
            else
                Console.Out.WriteLine($"{decision.Reason}; candidate left at {candidate}");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Execution accuracy of the exported candidate on the held-out databases (unconstrained greedy decoding in ONNX
    /// Runtime), with exact match beside it; any failure is returned as the reason, so it can never promote.
    /// </summary>
    private static async Task<(ModelMetric? Metric, string? Error, JsonObject Details)> EvaluateAsync(string candidate, DatasetManifest manifest,
        DirectoryInfo? spider, CancellationToken cancellationToken)
    {
        var details = new JsonObject();
        if (manifest.HeldOut.Examples == 0)
            return (null, "the held-out split is empty (raise --held-out-fraction or add databases)", details);
        if (spider is null)
            return (null, "the held-out evaluation executes SQL in Spider's databases: give --spider", details);
        try
        {
            var watch = Stopwatch.StartNew();
            var report = await HeldOutEvaluation.EvaluateAsync(candidate, manifest.Dataset.HeldOut, Path.Combine(spider.FullName, "tables.json"),
                Path.Combine(spider.FullName, "database"), done =>
                {
                    if (done % 50 == 0)
                        Console.Error.WriteLine($"evaluate: {done}/{manifest.HeldOut.Examples}");
                }, cancellationToken).ConfigureAwait(false);
            details["examples"] = report.Count;
            details["execution_accuracy"] = report.ExecutionAccuracy;
            details["exact_match"] = report.ExactMatch;
            details["execution_error_rate"] = report.ExecutionErrorRate;
            details["decoding"] = "greedy, unconstrained, int8 ONNX";
            details["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 1);
            return (new ModelMetric(HeldOutEvaluation.MetricName, report.ExecutionAccuracy, HigherIsBetter: true, manifest.HeldOut.Sha256), null, details);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            details["error"] = e.Message;
            return (null, $"{e.GetType().Name}: {e.Message}", details);
        }
    }

    /// <summary>The held-out loss train.py logged at the final step, or why there is none.</summary>
    private static (ModelMetric? Metric, string? Error) HeldOutLoss(string logPath, int steps, DatasetFileInfo heldOut)
    {
        if (heldOut.Examples == 0)
            return (null, "the held-out split is empty (raise --held-out-fraction or add databases)");
        if (!File.Exists(logPath))
            return (null, $"{logPath} not found");
        double? loss = null;
        foreach (var line in File.ReadLines(logPath))
        {
            try
            {
                var record = JsonNode.Parse(line);
                if (record?["eval_loss"] is { } value && record["step"]?.GetValue<int>() == steps)
                    loss = value.GetValue<double>();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                return (null, $"{logPath}: unreadable line '{line}'");
            }
        }
        return loss is null
            ? (null, $"{logPath} has no held-out loss at step {steps}")
            : (new ModelMetric("heldout_loss", loss.Value, HigherIsBetter: false, heldOut.Sha256), null);
    }

    /// <summary>
    /// Seconds spent in optimizer steps over every run of this folder (resumed runs included), from train.py's log:
    /// each record's <c>sec_per_step</c> times the steps since the previous record. Null when the log is unreadable.
    /// </summary>
    private static double? LoggedTrainingSeconds(string logPath)
    {
        if (!File.Exists(logPath))
            return null;
        double total = 0;
        var previousStep = 0;
        try
        {
            foreach (var line in File.ReadLines(logPath))
            {
                var record = JsonNode.Parse(line);
                if (record?["sec_per_step"] is not { } perStep || record["step"] is not { } stepNode)
                    continue;
                var step = stepNode.GetValue<int>();
                total += perStep.GetValue<double>() * Math.Max(0, step - previousStep);
                previousStep = step;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
        return Math.Round(total, 1);
    }

    /// <summary>Where a promoted model keeps its float16 PyTorch weights (config.json, pytorch_model.bin, spiece.model).</summary>
    private const string WeightsSubfolder = "pytorch";

    /// <summary>The folder train.py's --init reads: the given one, or its <see cref="WeightsSubfolder"/>.</summary>
    private static string WeightsFolder(DirectoryInfo folder)
    {
        if (!folder.Exists)
            throw new CliError($"--init: folder not found: {folder.FullName}");
        foreach (var candidate in new[] { folder.FullName, Path.Combine(folder.FullName, WeightsSubfolder) })
        {
            if (File.Exists(Path.Combine(candidate, "config.json")) &&
                (File.Exists(Path.Combine(candidate, "pytorch_model.bin")) || File.Exists(Path.Combine(candidate, "model.safetensors"))))
                return candidate;
        }
        throw new CliError($"--init: {folder.FullName} has no PyTorch weights (config.json with pytorch_model.bin or model.safetensors, " +
                           $"there or in {WeightsSubfolder}/); ONNX files alone cannot be trained further.");
    }

    /// <summary>The tokenizer beside the initial weights: a model's vocabulary is fixed by the tokenizer it was trained with.</summary>
    private static string TokenizerOf(DirectoryInfo folder, string weights)
    {
        foreach (var candidate in new[] { Path.Combine(weights, "spiece.model"), Path.Combine(folder.FullName, "spiece.model") })
        {
            if (File.Exists(candidate))
                return candidate;
        }
        throw new CliError($"--init: no spiece.model in {folder.FullName}: give --spm with the tokenizer these weights were trained with.");
    }

    private static async Task Step(PythonScriptRunner runner, string script, string[] arguments, string label, CancellationToken cancellationToken)
    {
        var code = await runner.RunAsync(script, arguments, line => Console.Error.WriteLine($"{label}: {line}"), cancellationToken).ConfigureAwait(false);
        if (code != 0)
            throw new CliError($"{script} failed (exit code {code}).");
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
