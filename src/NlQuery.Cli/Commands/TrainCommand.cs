using System.CommandLine;
using NlQuery.Cli.Models;
using NlQuery.Training.Promotion;
using NlQuery.Training.Scripts;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq train --spider … --out runs/x [--family pointer|t5] [--models models]</c>: parses the options of the training
/// pipelines (<see cref="Training.Pipelines.PointerTrainingPipeline"/>, <see cref="Training.Pipelines.T5TrainingPipeline"/>,
/// and with <c>--feedback</c> <see cref="Training.Pipelines.FeedbackTrainingPipeline"/>), which build the dataset, train,
/// export, evaluate on the held-out databases and promote to <c>models/default</c> only if better; prints their progress on
/// stderr and the decision on stdout.
/// </summary>
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
                    TargetModelDirectory = DefaultModel(parse.GetValue(models)),
                    MaxMinutes = minutes,
                    Steps = parse.GetValue(pointerSteps),
                    Threads = parse.GetValue(threads),
                    Device = parse.GetValue(device) is "auto" or null ? "cpu" : parse.GetValue(device)!,
                    FineTuneEncoder = parse.GetValue(fineTune),
                    NoPromote = parse.GetValue(noPromote),
                }, new PythonScriptRunner(parse.GetValue(python)), Console.Error.WriteLine);
                var result = await CliError.FromPipelineAsync(pipeline.RunAsync(cancellationToken)).ConfigureAwait(false);
                Console.Out.WriteLine(result.Decision.Promote ? $"{result.Decision.Reason}; promoted from {result.Candidate}" : $"{result.Decision.Reason}; candidate left at {result.Candidate}");
                return 0;
            }
            var steps = parse.GetValue(maxSteps);
            if (steps <= 0)
                throw new CliError($"--max-steps must be positive, not {steps}.");
            var t5 = new Training.Pipelines.T5TrainingPipeline(new Training.Pipelines.T5TrainingOptions
            {
                Data = data.BuilderOptions(parse),
                RunDirectory = parse.GetValue(output)!.FullName,
                TargetModelDirectory = DefaultModel(parse.GetValue(models)),
                Config = parse.GetValue(config)!,
                MaxSteps = steps,
                BatchSize = parse.GetValue(batchSize),
                LearningRate = parse.GetValue(learningRate),
                Warmup = parse.GetValue(warmup),
                SaveEvery = parse.GetValue(saveEvery),
                TokenizerPath = parse.GetValue(spm)?.FullName,
                VocabularySize = parse.GetValue(vocab),
                InitDirectory = parse.GetValue(init)?.FullName,
                Threads = parse.GetValue(threads),
                Device = parse.GetValue(device)!,
                NoPromote = parse.GetValue(noPromote),
            }, new PythonScriptRunner(parse.GetValue(python)), Console.Error.WriteLine);
            var outcome = await CliError.FromPipelineAsync(t5.RunAsync(cancellationToken)).ConfigureAwait(false);
            Console.Out.WriteLine(!outcome.Decision.Promote ? $"{outcome.Decision.Reason}; candidate left at {outcome.Candidate}"
                : outcome.ReplacedCurrent ? $"{outcome.Decision.Reason}; {outcome.Target} replaced (previous kept at {ModelPromoter.BackupPath(outcome.Target)})"
                : $"{outcome.Decision.Reason}; candidate installed at {outcome.Target}");
            return 0;
        }));
        return command;
    }

    /// <summary>The model a candidate trained from scratch is promoted to: <c>&lt;--models&gt;/default</c>, by default <c>./models/default</c>.</summary>
    private static string DefaultModel(DirectoryInfo? models) => Path.Combine(models?.FullName ?? Path.GetFullPath("models"), "default");
}
