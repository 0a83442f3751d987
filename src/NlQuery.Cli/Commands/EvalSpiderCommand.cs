using System.CommandLine;
using System.Diagnostics;
using NlQuery.Cli.Models;
using NlQuery.Training.Datasets;
using NlQuery.Training.Evaluation;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq eval spider --data &lt;dir&gt; --split dev (--predictions &lt;file&gt; | --model &lt;dir&gt; [--no-constraint] [--beams n])</c>: Spider's exact-set-match (overall and
/// by hardness), execution accuracy over <c>&lt;dir&gt;/database</c>, the execution-error rate and latencies;
/// <c>--fit-confidence</c> then fits the model's confidence calibration (<see cref="ConfidenceFit"/>).
/// </summary>
internal static class EvalSpiderCommand
{
    public static Command Create()
    {
        var options = new EvalOptions();
        var split = new Option<string>("--split") { Description = "dev or train.", DefaultValueFactory = _ => "dev" };
        var fit = new Option<bool>("--fit-confidence")
        {
            Description = "Fit the model's confidence calibration on this split (reported out-of-fold, 5 folds by database) and store it in its model.json.",
        };
        var command = new Command("spider", "Exact match and execution accuracy on a Spider-format folder (dev.json, tables.json, database/).");
        options.AddTo(command);
        command.Options.Add(split);
        command.Options.Add(fit);
        command.SetAction((parse, cancellationToken) => CliError.RunAsync(() => RunAsync(parse, options, parse.GetValue(split)!, parse.GetValue(fit), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, EvalOptions o, string split, bool fitConfidence, CancellationToken cancellationToken)
    {
        var data = parse.GetValue(o.Data)!;
        if (split is not ("dev" or "train"))
            throw new CliError($"--split must be dev or train, not '{split}'.");
        var examples = EvalOptions.Limited(SpiderFormatReader.ReadSpiderSplit(data.FullName, split), parse.GetValue(o.Limit));
        var databases = SpiderDatabaseInfo.LoadAll(Path.Combine(data.FullName, "tables.json"));
        var dbDir = parse.GetValue(o.DbDir) ?? new DirectoryInfo(Path.Combine(data.FullName, "database"));
        if (!dbDir.Exists)
            throw new CliError($"database folder not found: {dbDir.FullName} (give --db-dir).");
        if (fitConfidence && (parse.GetValue(o.Predictions) is not null || parse.GetValue(o.NoConstraint)))
            throw new CliError("--fit-confidence fits the model's own answers: give --model (or none, for the default model), not --predictions or --no-constraint.");
        var source = o.Source(parse, examples, dbDir, Path.Combine(data.FullName, "tables.json"), out var model);
        using var disposeModel = model;
        using var runner = EvalOptions.Runner(dbDir, parse.GetValue(o.Timeout));
        var watch = Stopwatch.StartNew();
        var report = await new SpiderEvaluator(databases, runner)
            .EvaluateAsync(examples, source, done => EvalOptions.Progress(done, examples.Count), cancellationToken).ConfigureAwait(false);
        var confidences = (source as ModelEvaluationSource)?.Confidences;
        await EvalOptions.WriteOutAsync(parse.GetValue(o.Out), report, cancellationToken, confidences).ConfigureAwait(false);
        Console.Out.Write(report.Format());
        Console.Out.Write(EvalOptions.FormatReliability(report, confidences));
        if (fitConfidence)
            ConfidenceFit.Run(report, (ModelEvaluationSource)source, TranslatorFactory.Locate(parse.GetValue(o.Model)?.FullName), $"Spider {split}");
        Console.Out.WriteLine($"time                {watch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
