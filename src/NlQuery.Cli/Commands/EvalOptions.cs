using System.CommandLine;
using NlQuery.Cli.Models;
using NlQuery.Schema;
using NlQuery.Training.Datasets;
using NlQuery.Translation;
using NlQuery.Training.Evaluation;

namespace NlQuery.Cli.Commands;

/// <summary>Options and steps the <c>nlq eval</c> subcommands share.</summary>
internal sealed class EvalOptions
{
    public Option<DirectoryInfo> Data { get; } = new("--data")
    {
        Description = "Folder with the benchmark's JSON files and tables.json.",
        Required = true,
    };

    public Option<FileInfo?> Predictions { get; } = new("--predictions")
    {
        Description = "Predicted SQL, one per example in dataset order: 'sql' or 'db_id<TAB>sql' lines.",
    };

    public Option<DirectoryInfo?> Model { get; } = new("--model") { Description = "Model folder to generate predictions with." };

    public Option<int?> Limit { get; } = new("--limit") { Description = "Evaluate only the first N examples." };

    public Option<FileInfo?> Out { get; } = new("--out") { Description = "Write 'db_id<TAB>predicted sql' per example here." };

    public Option<bool> NoConstraint { get; } = new("--no-constraint") { Description = "Generate without the parser's constraint." };

    public Option<int> Beams { get; } = new("--beams") { Description = "Beam width for generation.", DefaultValueFactory = _ => 4 };

    public Option<int?> MaxLength { get; } = new("--max-length") { Description = "Generated tokens at most (default: the model's max_output_length)." };

    public Option<DirectoryInfo?> DbDir { get; } = new("--db-dir") { Description = "Folder of <db_id>/<db_id>.sqlite files." };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds one query may run before it counts as an execution error.",
        DefaultValueFactory = _ => 10,
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Data, Predictions, Model, Limit, Out, NoConstraint, Beams, MaxLength, DbDir, Timeout })
            command.Options.Add(option);
    }

    public static IReadOnlyList<TextToSqlExample> Limited(IReadOnlyList<TextToSqlExample> examples, int? limit) => limit switch
    {
        null => examples,
        < 1 => throw new CliError($"--limit must be 1 or more, not {limit}."),
        _ => examples.Take(limit.Value).ToList(),
    };

    /// <summary>
    /// Where predictions come from: a file (<c>--predictions</c>), or the model folder (<c>--model</c>) generating them,
    /// constrained by the parser unless <c>--no-constraint</c>. A translator it loads is returned in
    /// <paramref name="owned"/> for the caller to dispose.
    /// </summary>
    public IPredictionSource Source(ParseResult parse, IReadOnlyList<TextToSqlExample> examples, DirectoryInfo? dbDir, string tablesJson,
        out IDisposable? owned)
    {
        owned = null;
        var beams = parse.GetValue(Beams);
        var predictions = parse.GetValue(Predictions);
        var model = parse.GetValue(Model);
        if (beams < 1)
            throw new CliError($"--beams must be 1 or more, not {beams}.");
        var maxLength = parse.GetValue(MaxLength);
        if (maxLength is < 2)
            throw new CliError($"--max-length must be 2 or more, not {maxLength}.");
        if (predictions is not null && model is not null)
            throw new CliError("give either --predictions or --model, not both.");
        if (predictions is not null)
            return PredictionFile.Load(predictions.FullName, examples);
        if (!File.Exists(tablesJson))
            throw new CliError($"tables.json not found: {tablesJson}");
        var translator = TranslatorFactory.Load(TranslatorFactory.Locate(model?.FullName), new ModelTranslatorOptions
        {
            BeamSize = beams,
            UseConstraint = !parse.GetValue(NoConstraint),
            T5 = T5TranslatorOptions.Default with { TopK = Math.Max(T5TranslatorOptions.Default.TopK, beams), MaxLength = maxLength },
        });
        owned = translator;
        var databases = new TrainingDatabaseCatalog(dbDir is null ? [] : [dbDir.FullName], [SpiderSchemaCatalog.Load(tablesJson)]);
        return new ModelEvaluationSource(translator, databases);
    }

    public static SqliteDatabaseRunner? Runner(DirectoryInfo? dbDir, double timeoutSeconds)
    {
        if (timeoutSeconds is <= 0 or > 3600 || double.IsNaN(timeoutSeconds))
            throw new CliError($"--timeout must be between 0 and 3600 seconds, not {timeoutSeconds}.");
        return dbDir is null ? null : new SqliteDatabaseRunner(dbDir.FullName, TimeSpan.FromSeconds(timeoutSeconds));
    }

    /// <param name="confidences">With a model: each example's confidence, written as a third column.</param>
    public static async Task WriteOutAsync(FileInfo? output, EvaluationReport report, CancellationToken cancellationToken,
        IReadOnlyDictionary<int, double>? confidences = null)
    {
        if (output is null)
            return;
        var lines = report.Examples.Select(e => e.DbId + "\t" + e.PredictedSql.ReplaceLineEndings(" ")
            + (confidences is not null && confidences.TryGetValue(e.Index, out var c) ? "\t" + c.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : ""));
        await File.WriteAllLinesAsync(output.FullName, lines, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The reliability table: execution accuracy per confidence bucket of 0.1, so that a confidence can be read as a
    /// probability of being right (docs/accuracy.md). Nothing without confidences or execution results; examples whose
    /// gold query failed to run are left out.
    /// </summary>
    public static string FormatReliability(EvaluationReport report, IReadOnlyDictionary<int, double>? confidences)
    {
        if (confidences is null || confidences.Count == 0)
            return "";
        var rated = report.Examples.Where(e => HasExecutionVerdict(e) && confidences.ContainsKey(e.Index)).ToList();
        if (rated.Count == 0)
            return "";
        var text = new System.Text.StringBuilder("confidence  n      EX      mean confidence\n");
        for (var b = 0; b < 10; b++)
        {
            var inBucket = rated.Where(e => Math.Min(9, (int)(confidences[e.Index] * 10)) == b).ToList();
            if (inBucket.Count == 0)
                continue;
            var ex = inBucket.Count(e => e.ExecutionMatch == true) / (double)inBucket.Count;
            text.Append(System.FormattableString.Invariant(
                $"{b / 10.0:0.0}-{(b + 1) / 10.0:0.0}     {inBucket.Count,-6} {ex * 100,5:0.0} %  {inBucket.Average(e => confidences[e.Index]):0.000}\n"));
        }
        return text.ToString();
    }

    /// <summary>Whether the example's prediction was judged on execution: a gold query that failed to run (a missing database) judges nothing.</summary>
    public static bool HasExecutionVerdict(ExampleEvaluation example) => example.ExecutionMatch is not null && example.GoldExecutionError is null;

    public static void Progress(int done, int total)
    {
        if (!Console.IsErrorRedirected && (done % 50 == 0 || done == total))
            Console.Error.Write($"\r{done}/{total}");
        if (!Console.IsErrorRedirected && done == total)
            Console.Error.WriteLine();
    }
}
