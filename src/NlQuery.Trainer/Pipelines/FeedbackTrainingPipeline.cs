using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NlQuery.Feedback;
using NlQuery.Models.Pointer;
using NlQuery.Schema;
using NlQuery.Text;
using NlQuery.Training.Datasets;
using NlQuery.Training.Evaluation;
using NlQuery.Training.Pipelines.Internal;
using NlQuery.Training.Promotion;
using NlQuery.Training.Scripts;
using NlQuery.Translation;

namespace NlQuery.Training.Pipelines;

/// <summary>
/// Learning from a user's corrections (docs/training.md, "Learning from corrections"): export the store's corrections
/// (rejected ones and duplicates out, each checked again on the live database) → split them by question hash into
/// training and held-out parts → pointer examples for the user's database (schema and values read live, through the
/// one input builder) plus a fixed-seed sample of Spider examples replayed → fine-tune the current model
/// (train_pointer.py --init, corrections repeated) → export, int8, float16 weights → score candidate and current model
/// by execution match on (a) the held-out corrections and (b) Spider's held-out databases → promote only if the
/// candidate is better on (a) and at most <see cref="FeedbackTrainingOptions.MaxSpiderLossPoints"/> worse on (b).
/// Every stage's output lives in the run folder, so running again resumes; each stage's time goes to run.log.
/// </summary>
public sealed class FeedbackTrainingPipeline(FeedbackTrainingOptions options, PythonScriptRunner python, Action<string> log)
{
    /// <summary>A model's scores: execution accuracy (0–1) on the held-out corrections and on Spider's held-out databases (null: not run).</summary>
    public sealed record Scores(double Feedback, int FeedbackCount, double? Spider, int SpiderCount);

    /// <summary>What the pipeline decided, the candidate's folder and both models' scores.</summary>
    public sealed record Result(string Candidate, PromotionDecision Decision, Scores CandidateScores, Scores CurrentScores);

    private const string RunLogFileName = "run.log";
    private readonly JsonObject _stages = new();

    public async Task<Result> RunAsync(CancellationToken cancellationToken = default)
    {
        var total = Stopwatch.StartNew();
        var run = Path.GetFullPath(options.RunDirectory);
        var init = Path.GetFullPath(options.InitModelDirectory);
        var target = Path.GetFullPath(options.TargetModelDirectory ?? init);
        var data = Path.Combine(run, "data");
        var train = Path.Combine(run, "train");
        var candidate = Path.Combine(run, "candidate");
        CheckInit(init);
        Directory.CreateDirectory(run);
        Log($"run {run}: started {DateTimeOffset.UtcNow:O}");

        await using var connection = options.Database();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        // 1. Export: the same store and schema give byte-identical files; a changed store cannot resume this run.
        var (database, export, split) = await StageAsync("export", () => ExportAsync(connection, run, cancellationToken)).ConfigureAwait(false);
        if (split.HeldOut.Count == 0)
            throw new InvalidOperationException($"{export.Corrections.Count} usable correction(s) on '{database.DbId}': at least 2 are needed, " +
                                                "one to learn from and one held out to judge the candidate.");

        // 2. Dataset: corrections + replayed Spider examples, with frozen-encoder features (reused when present).
        var encoderDirectory = EncoderFiles.MiniLmDirectory();
        var tokenBudget = TokenBudgetOf(init);
        var format = new PointerExampleFormat(new PointerInputBuilder(WordPieceTokenizer.Load(Path.Combine(encoderDirectory, "vocab.txt")), tokenBudget),
            ActionVocabulary.Default);
        var spiderHeldOutPath = Path.Combine(run, "spider-heldout.jsonl");
        int feedbackExamples;
        if (File.Exists(Path.Combine(data, PointerDatasetWriter.MetadataFileName)))
        {
            Log($"dataset: reusing {data}");
            feedbackExamples = File.ReadLines(Path.Combine(data, "train.jsonl")).Count(l => l.Contains("\"source\":\"feedback\"", StringComparison.Ordinal));
        }
        else
            feedbackExamples = await StageAsync("dataset", () => BuildDatasetAsync(database, split.Train, format, data, spiderHeldOutPath, tokenBudget, encoderDirectory,
                cancellationToken)).ConfigureAwait(false);
        if (feedbackExamples == 0)
            throw new InvalidOperationException("none of the training corrections could be written as pointer actions (see the dropped ones above).");
        var replayed = File.ReadLines(Path.Combine(data, "train.jsonl")).Count() - feedbackExamples;
        var repeat = options.FeedbackRepeat ?? Math.Max(1, (int)Math.Round(replayed / (2.0 * feedbackExamples)));

        // 3. Fine-tune from the current model's weights (resumes from train/checkpoint.pt).
        var arguments = new List<string>
        {
            "--data", data, "--out", train, "--init", init, "--heldout-split", "", "--upweight", $"{DatasetSource.Feedback}={repeat}",
            "--lr", Invariant(options.LearningRate), "--warmup", Invariant(options.Warmup), "--batch", Invariant(options.BatchSize),
            "--threads", Invariant(options.Threads), "--max-minutes", Invariant(options.MaxMinutes), "--eval-every", "0", "--save-minutes", "1",
            "--seed", Invariant(options.Seed),
        };
        if (options.Steps is { } steps)
            arguments.AddRange(["--steps", Invariant(steps)]);
        Log($"train: {feedbackExamples} correction(s) ×{repeat} per epoch + {replayed} replayed Spider example(s), from {init}");
        await StageAsync("train", () => Step("train_pointer.py", arguments, "train", cancellationToken)).ConfigureAwait(false);

        // 4. Export (ONNX + float16 weights), int8 linker; the current model's other model.json keys carried over.
        if (Directory.Exists(candidate))
            Directory.Delete(candidate, recursive: true);
        await StageAsync("export_model", () => Step("export_pointer.py", ["--checkpoint", train, "--out", candidate, "--data", data, "--which", "last"], "export",
            cancellationToken)).ConfigureAwait(false);
        var linker = Path.Combine(candidate, "linker.onnx");
        await StageAsync("int8", () => Step("quantize_int8.py", ["--model", linker, "--output", linker + ".int8"], "int8", cancellationToken)).ConfigureAwait(false);
        File.Move(linker + ".int8", linker, overwrite: true);
        await CarryOverKeysAsync(init, candidate, cancellationToken).ConfigureAwait(false);

        // 5. Both models on both sets, greedy and unconstrained: promotion compares what the models learned.
        var heldOutPairs = split.HeldOut.Select(c => new QuestionPair(c.Question, c.Sql)).ToList();
        var spiderHeldOut = ReadSpiderHeldOut(spiderHeldOutPath);
        var (candidateScores, currentScores) = await StageAsync("evaluate", async () =>
            (await ScoreAsync("candidate", candidate, connection, database, heldOutPairs, spiderHeldOut, cancellationToken).ConfigureAwait(false),
             await ScoreAsync("current", init, connection, database, heldOutPairs, spiderHeldOut, cancellationToken).ConfigureAwait(false))).ConfigureAwait(false);

        // 6. Decide, record, promote.
        var decision = Decide(candidateScores, currentScores);
        if (options.NoPromote)
            decision = decision with { Promote = false, Reason = $"not promoted (no-promote); the rule says: {decision.Reason}" };
        _stages["total"] = Math.Round(total.Elapsed.TotalSeconds, 1);
        await RecordAsync(candidate, init, database, export, split, spiderHeldOutPath, spiderHeldOut.Count, feedbackExamples, replayed, repeat,
            candidateScores, currentScores, decision, cancellationToken).ConfigureAwait(false);
        if (decision.Promote)
            ModelPromoter.Promote(candidate, target);
        Log($"decision: {decision.Reason}");
        Log($"stages (s): {_stages.ToJsonString()}");
        return new Result(candidate, decision, candidateScores, currentScores);
    }

    private static void CheckInit(string init)
    {
        if (!File.Exists(Path.Combine(init, ModelPromoter.ModelFileName)))
            throw new InvalidOperationException($"--init: {init} is not a model folder (no model.json).");
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(init, ModelPromoter.ModelFileName))) as JsonObject;
        if (card?["format"]?.GetValue<string>() != "pointer-minilm")
            throw new InvalidOperationException($"--init: {init} is not a pointer-minilm model; learning from corrections fine-tunes the pointer model.");
        if (card["weights"]?.GetValue<string>() is not { } weights || !File.Exists(Path.Combine(init, weights)))
            throw new InvalidOperationException($"--init: {init} has no trainable weights (model.json's \"weights\"); ONNX files alone cannot be fine-tuned.");
    }

    private async Task<(TrainingDatabase, FeedbackExport, (IReadOnlyList<FeedbackCorrection> Train, IReadOnlyList<FeedbackCorrection> HeldOut))> ExportAsync(
        DbConnection connection, string run, CancellationToken cancellationToken)
    {
        var database = await TrainingDatabase.ReadAsync(connection, cancellationToken: cancellationToken).ConfigureAwait(false);
        var kind = DatabaseKindDetector.Detect(connection);
        await using var store = options.FeedbackStorePath is { } path
            ? File.Exists(path) ? FeedbackStore.OpenFile(path) : throw new InvalidOperationException($"feedback store not found: {path}")
            : FeedbackStore.InDatabase(options.Database, kind);
        var others = 0;
        var export = await FeedbackExport.CreateAsync(OnlyThisDatabase(store.ReadAllAsync(cancellationToken)), (c, token) => CheckAsync(connection, kind, database, c, token),
            cancellationToken).ConfigureAwait(false);
        var split = export.Split(options.HeldOutFraction, options.Seed);
        Log($"export: {export.Corrections.Count} correction(s) on '{database.DbId}' ({split.Train.Count} to train on, {split.HeldOut.Count} held out for the gate, " +
            $"fraction {options.HeldOutFraction:G3} by question hash); {export.Rejected.Count} rejected, {export.Superseded.Count} merged into a later correction " +
            $"of the same question (latest wins), {export.NotCorrections} rating(s) without SQL, {others} about other databases");
        foreach (var rejected in export.Rejected)
            Log($"export: rejected \"{rejected.Question}\": {rejected.Reason}");
        foreach (var merged in export.Superseded)
            Log($"export: merged \"{merged.Question}\" (an older correction, replaced by the latest)");

        var exportPath = Path.Combine(run, "feedback.jsonl");
        var previous = File.Exists(exportPath) ? await File.ReadAllBytesAsync(exportPath, cancellationToken).ConfigureAwait(false) : null;
        var fresh = Path.Combine(run, "feedback.jsonl.new");
        await FeedbackExport.WriteJsonlAsync(export.Corrections, fresh, cancellationToken).ConfigureAwait(false);
        var written = await File.ReadAllBytesAsync(fresh, cancellationToken).ConfigureAwait(false);
        if (previous is not null && !previous.AsSpan().SequenceEqual(written))
        {
            File.Delete(fresh);
            throw new InvalidOperationException($"the corrections changed since {run} was started (compare {exportPath}): give a new --out to train on them.");
        }
        File.Move(fresh, exportPath, overwrite: true);
        await FeedbackExport.WriteJsonlAsync(split.HeldOut, Path.Combine(run, "feedback-heldout.jsonl"), cancellationToken).ConfigureAwait(false);
        return (database, export, split);

        async IAsyncEnumerable<FeedbackRecord> OnlyThisDatabase(IAsyncEnumerable<FeedbackRecord> records)
        {
            await foreach (var record in records.ConfigureAwait(false))
            {
                if (record.DatabaseName == database.DbId)
                    yield return record;
                else
                    others++;
            }
        }
    }

    /// <summary>A correction must still be a complete SELECT over today's schema that the database runs.</summary>
    private static async ValueTask<string?> CheckAsync(DbConnection connection, DatabaseKind kind, TrainingDatabase database, FeedbackCorrection correction,
        CancellationToken cancellationToken)
    {
        try
        {
            database.Parser.ParseStatement(correction.Sql);
        }
        catch (Sql.SqlParseException e)
        {
            return $"not a complete SELECT for the current schema: {e.Message}";
        }
        try
        {
            await Execution.ReadOnlyExecutor.ExecuteAsync(connection, kind, correction.Sql, new Execution.ExecutionOptions { MaxRows = 1 }, cancellationToken)
                .ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            return $"the database rejects it: {e.Message}";
        }
    }

    private async Task<int> BuildDatasetAsync(TrainingDatabase database, IReadOnlyList<FeedbackCorrection> corrections, PointerExampleFormat format, string data,
        string spiderHeldOutPath, int tokenBudget, string encoderDirectory, CancellationToken cancellationToken)
    {
        var examples = new List<TrainingExample>();
        var dropped = new List<DroppedExample>();
        foreach (var correction in corrections)
        {
            if (format.Build(database, correction.Question, correction.Sql, [], DatasetSource.Feedback, out var reason) is { } made)
                examples.Add(made with { Question = correction.Question, Sql = correction.Sql });
            else
            {
                dropped.Add(new DroppedExample(DatasetSource.Feedback, database.DbId, correction.Question, correction.Sql, reason!));
                Log($"dataset: correction \"{correction.Question}\" dropped: {reason}");
            }
        }
        var feedbackCount = examples.Count;
        IReadOnlyList<TrainingExample> heldOut = [];
        if (options.SpiderDirectory is { } spider)
        {
            var watch = Stopwatch.StartNew();
            var (replay, spiderHeldOut) = await SpiderReplay.BuildAsync(spider, format, options.ReplayExamples, options.Seed, options.SpiderHeldOutLimit, cancellationToken)
                .ConfigureAwait(false);
            examples.AddRange(replay);
            heldOut = spiderHeldOut;
            Log($"dataset: {replay.Count} replayed Spider example(s), {spiderHeldOut.Count} Spider held-out example(s) ({watch.Elapsed.TotalSeconds:F0} s)");
        }
        else
            Log("dataset: no Spider folder: nothing replayed, and the forgetting check on Spider's held-out databases is skipped");
        await WriteSpiderHeldOutAsync(heldOut, spiderHeldOutPath, cancellationToken).ConfigureAwait(false);

        using var environment = new OnnxRuntime.OnnxRuntimeEnvironment();
        using var encoder = new SentenceEncoder(environment.CreateSession(Path.Combine(encoderDirectory, "model.onnx")));
        var features = Stopwatch.StartNew();
        var lastReport = Stopwatch.StartNew();
        // The Spider held-out examples are not a training split: train_pointer.py keeps no best.pt by them (--heldout-split "").
        await new PointerDatasetWriter(encoder, ActionVocabulary.Default, tokenBudget).WriteAsync(new TrainingDataset(examples, [], dropped, new HashSet<string>(), []), data,
            (split, done, count) =>
            {
                if (done == count || lastReport.Elapsed.TotalSeconds >= 30)
                {
                    lastReport.Restart();
                    Log($"features {split}: {done}/{count} ({features.Elapsed.TotalSeconds:F0} s)");
                }
            }, cancellationToken).ConfigureAwait(false);
        return feedbackCount;
    }

    private async Task<Scores> ScoreAsync(string name, string model, DbConnection connection, TrainingDatabase database, IReadOnlyList<QuestionPair> pairs,
        IReadOnlyList<TrainingExample> spiderHeldOut, CancellationToken cancellationToken)
    {
        QuestionSetReport feedback;
        using (var translator = ModelTranslator.Load(model, new ModelTranslatorOptions { BeamSize = 1, UseConstraint = false }))
            feedback = await QuestionSetEvaluation.EvaluateAsync(translator, connection, database, pairs, cancellationToken: cancellationToken).ConfigureAwait(false);
        double? spiderAccuracy = null;
        if (options.SpiderDirectory is { } spider && spiderHeldOut.Count > 0)
        {
            var report = await HeldOutEvaluation.EvaluateAsync(model, spiderHeldOut, Path.Combine(spider, "tables.json"), Path.Combine(spider, "database"),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            spiderAccuracy = report.ExecutionAccuracy;
        }
        var scores = new Scores(feedback.ExecutionAccuracy, feedback.Scored, spiderAccuracy, spiderHeldOut.Count);
        Log($"evaluate {name}: held-out corrections {Percent(scores.Feedback)} ({feedback.Correct}/{feedback.Scored})" +
            (spiderAccuracy is null ? "" : $", Spider held-out {Percent(spiderAccuracy.Value)} ({spiderHeldOut.Count})"));
        return scores;
    }

    private PromotionDecision Decide(Scores candidate, Scores current)
    {
        var gain = 100 * (candidate.Feedback - current.Feedback);
        if (candidate.FeedbackCount == 0)
            return new(false, "not promoted: no held-out correction could be scored (their gold SQL failed)");
        if (!(gain > options.MinGainPoints))
            return new(false, $"not promoted: on the held-out corrections the candidate scores {Percent(candidate.Feedback)}, the current model " +
                              $"{Percent(current.Feedback)} ({gain:+0.0;-0.0;0.0} points; more than {options.MinGainPoints:0.0} needed)");
        if (candidate.Spider is { } after && current.Spider is { } before)
        {
            var loss = 100 * (before - after);
            if (loss > options.MaxSpiderLossPoints)
                return new(false, $"not promoted: better on the held-out corrections ({Percent(current.Feedback)} → {Percent(candidate.Feedback)}) but " +
                                  $"{loss:0.0} points worse on Spider's held-out databases ({Percent(before)} → {Percent(after)}; at most {options.MaxSpiderLossPoints:0.0} allowed)");
            return new(true, $"promoted: held-out corrections {Percent(current.Feedback)} → {Percent(candidate.Feedback)}, " +
                             $"Spider held-out {Percent(before)} → {Percent(after)}");
        }
        return new(true, $"promoted: held-out corrections {Percent(current.Feedback)} → {Percent(candidate.Feedback)} (no Spider folder: the forgetting check was skipped)");
    }

    private async Task RecordAsync(string candidate, string init, TrainingDatabase database, FeedbackExport export,
        (IReadOnlyList<FeedbackCorrection> Train, IReadOnlyList<FeedbackCorrection> HeldOut) split, string spiderHeldOutPath, int spiderHeldOutCount,
        int feedbackExamples, int replayed, int repeat, Scores candidateScores, Scores currentScores, PromotionDecision decision, CancellationToken cancellationToken)
    {
        var run = Path.GetFullPath(options.RunDirectory);
        var feedback = new JsonObject
        {
            ["command"] = "nlq train --feedback (docs/training.md, \"Learning from corrections\")",
            ["database"] = database.DbId,
            ["init"] = init,
            ["corrections"] = new JsonObject
            {
                ["accepted"] = export.Corrections.Count, ["train"] = split.Train.Count, ["train_examples"] = feedbackExamples, ["held_out"] = split.HeldOut.Count,
                ["held_out_fraction"] = options.HeldOutFraction, ["rejected"] = export.Rejected.Count, ["merged"] = export.Superseded.Count,
                ["sha256"] = Sha256(Path.Combine(run, "feedback.jsonl")),
            },
            ["replayed_spider_examples"] = replayed,
            ["feedback_repeat"] = repeat,
            ["spider_held_out"] = options.SpiderDirectory is null ? "skipped (no Spider folder)" : $"{spiderHeldOutCount} examples",
            ["scores"] = new JsonObject { ["candidate"] = ScoresJson(candidateScores), ["current"] = ScoresJson(currentScores) },
            ["decoding"] = "greedy, unconstrained",
            ["promoted"] = decision.Promote,
            ["decision"] = decision.Reason,
            ["stage_seconds"] = _stages.DeepClone(),
            ["finished_utc"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        var training = new JsonObject { ["feedback"] = feedback, ["train_sha256"] = Sha256(Path.Combine(run, "data", "train.jsonl")) };
        var trainingJson = Path.Combine(run, "train", "training.json");
        if (File.Exists(trainingJson))
            training["run"] = JsonNode.Parse(await File.ReadAllTextAsync(trainingJson, cancellationToken).ConfigureAwait(false));
        var metric = candidateScores.Spider is { } spider
            ? new ModelMetric(HeldOutEvaluation.MetricName, spider, HigherIsBetter: true, Sha256(spiderHeldOutPath))
            : null;
        await ModelPromoter.WriteModelCardAsync(candidate, metric, training, cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject ScoresJson(Scores s) => new()
    {
        ["feedback_execution_accuracy"] = s.Feedback, ["feedback_examples"] = s.FeedbackCount,
        ["spider_heldout_execution_accuracy"] = s.Spider, ["spider_heldout_examples"] = s.SpiderCount,
    };

    /// <summary>
    /// Keys of the current model's model.json the export does not write stay with the candidate, except what describes
    /// the old weights: their metrics and training, and the confidence calibration (fitted on the old model's scores, it
    /// would misstate the new one's: the candidate uses the fixed formula until <c>nlq eval spider --fit-confidence</c>).
    /// </summary>
    private static async Task CarryOverKeysAsync(string init, string candidate, CancellationToken cancellationToken)
    {
        var from = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(init, ModelPromoter.ModelFileName), cancellationToken).ConfigureAwait(false)) as JsonObject;
        var path = Path.Combine(candidate, ModelPromoter.ModelFileName);
        var to = JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)) as JsonObject
                 ?? throw new InvalidDataException($"{path} is not a JSON object.");
        var carried = false;
        foreach (var (key, value) in from ?? [])
        {
            if (to.ContainsKey(key) || key is "metrics" or "training" or "training_data_sha256" or ConfidenceCalibration.PropertyName)
                continue;
            to[key] = value?.DeepClone();
            carried = true;
        }
        if (carried)
        {
            var bytes = Encoding.UTF8.GetBytes(to.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            await AtomicFile.WriteAsync(path, (s, ct) => s.WriteAsync(bytes, ct).AsTask(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static int TokenBudgetOf(string model) =>
        (JsonNode.Parse(File.ReadAllText(Path.Combine(model, ModelPromoter.ModelFileName)))?["token_budget"] as JsonValue)?.TryGetValue<int>(out var budget) == true
            ? budget
            : PointerInputBuilder.DefaultMaxTokens;

    private static async Task WriteSpiderHeldOutAsync(IReadOnlyList<TrainingExample> examples, string path, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var e in examples)
            text.Append(JsonSerializer.Serialize(new SortedDictionary<string, string>(StringComparer.Ordinal)
                { ["db_id"] = e.DbId, ["question"] = e.Question, ["sql"] = e.Sql, ["source"] = e.Source })).Append('\n');
        var bytes = new UTF8Encoding(false).GetBytes(text.ToString());
        await AtomicFile.WriteAsync(path, (s, ct) => s.WriteAsync(bytes, ct).AsTask(), cancellationToken).ConfigureAwait(false);
    }

    private static List<TrainingExample> ReadSpiderHeldOut(string path) =>
        File.Exists(path)
            ? File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<Dictionary<string, string>>(l)!)
                .Select(d => new TrainingExample("", d["sql"], d["db_id"], d["source"]) { Question = d["question"], Sql = d["sql"] }).ToList()
            : [];

    private async Task<T> StageAsync<T>(string name, Func<Task<T>> stage)
    {
        var watch = Stopwatch.StartNew();
        var result = await stage().ConfigureAwait(false);
        _stages[name] = Math.Round(watch.Elapsed.TotalSeconds, 1);
        Log($"stage {name}: {watch.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    private Task StageAsync(string name, Func<Task> stage) => StageAsync(name, async () =>
    {
        await stage().ConfigureAwait(false);
        return true;
    });

    private Task Step(string script, IEnumerable<string> arguments, string name, CancellationToken cancellationToken) =>
        PythonStep.RunAsync(python, script, arguments, name, Log, PythonStep.ResumeAdvice, cancellationToken: cancellationToken);

    /// <summary>Every line goes to the caller and to run.log in the run folder.</summary>
    private void Log(string line)
    {
        log(line);
        var run = Path.GetFullPath(options.RunDirectory);
        if (Directory.Exists(run))
            File.AppendAllText(Path.Combine(run, RunLogFileName), $"{DateTimeOffset.UtcNow:HH:mm:ss} {line}\n");
    }

    private static string Percent(double value) => (100 * value).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Sha256(string path) =>
        File.Exists(path) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))) : "";
}
