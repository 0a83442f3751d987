using System.CommandLine;
using NlQuery.Training.Datasets;

namespace NlQuery.Cli.Commands;

/// <summary>The dataset options shared by <c>nlq train</c> and <c>nlq train dataset</c>, and the build-and-report step.</summary>
internal sealed class TrainDatasetOptions
{
    public Option<DirectoryInfo?> Spider { get; } = new("--spider") { Description = "Spider folder (train_spider.json, train_others.json, tables.json, database/)." };
    public Option<DirectoryInfo?> Sparc { get; } = new("--sparc") { Description = "SParC folder (train.json; dev.json is excluded unless --include-dev)." };
    public Option<DirectoryInfo?> Cosql { get; } = new("--cosql") { Description = "CoSQL folder (sql_state_tracking/cosql_train.json)." };
    public Option<string?> Feedback { get; } = new("--feedback")
    {
        Description = "nlq train (pointer): learn from corrections (docs/training.md): a feedback store file (with --db, the database they are about) " +
                      "or a database holding the nlquery_feedback table. nlq train dataset / --family t5: a store file whose corrections join the dataset.",
    };
    public Option<DirectoryInfo?> FeedbackDatabases { get; } = new("--feedback-databases") { Description = "Folder with the feedback's databases (name/name.sqlite, name.sqlite or name.db)." };
    public Option<bool> IncludeDev { get; } = new("--include-dev") { Description = "Also train on the dev splits (they are the evaluation sets: off by default)." };
    public Option<double> HeldOutFraction { get; } = new("--held-out-fraction") { Description = "Fraction of the training databases held out for promotion.", DefaultValueFactory = _ => 0.05 };
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the held-out database choice.", DefaultValueFactory = _ => 1 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Spider, Sparc, Cosql, Feedback, FeedbackDatabases, IncludeDev, HeldOutFraction, Seed })
            command.Options.Add(option);
    }

    /// <summary>Builds the pointer-format dataset with encoder features into <paramref name="directory"/> and reports it.</summary>
    public async Task BuildPointerAsync(ParseResult parse, string directory, CancellationToken cancellationToken)
    {
        var options = BuilderOptions(parse);
        var dataset = await Training.Pipelines.PointerDatasetStep.RunAsync(options, directory, log: Console.Error.WriteLine, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        Console.Error.WriteLine($"dropped: {dataset.Dropped.Count}");
        foreach (var (reason, count) in dataset.DroppedByReason().Take(15))
            Console.Error.WriteLine($"  {count,7}  {reason}");
        foreach (var dropped in dataset.Dropped.Take(10))
            Console.Error.WriteLine($"  e.g. [{dropped.Source} {dropped.DbId}] {dropped.Sql} -- {dropped.Reason}");
    }

    /// <summary>Builds the dataset, writes it to <paramref name="trainPath"/> (+ held-out file and manifest) and reports it on stderr.</summary>
    public Task<DatasetManifest> BuildAndWriteAsync(ParseResult parse, string trainPath, CancellationToken cancellationToken) =>
        Training.Pipelines.T5DatasetStep.RunAsync(BuilderOptions(parse), trainPath, Console.Error.WriteLine, cancellationToken);

    public DatasetBuilderOptions BuilderOptions(ParseResult parse)
    {
        var fraction = parse.GetValue(HeldOutFraction);
        if (double.IsNaN(fraction) || fraction < 0 || fraction >= 1)
            throw new CliError($"--held-out-fraction must be in [0, 1), not {fraction}.");
        var options = new DatasetBuilderOptions
        {
            SpiderDirectory = parse.GetValue(Spider)?.FullName,
            SparcDirectory = parse.GetValue(Sparc)?.FullName,
            CosqlDirectory = parse.GetValue(Cosql)?.FullName,
            FeedbackStorePath = parse.GetValue(Feedback) is { } feedback ? Path.GetFullPath(feedback) : null,
            FeedbackDatabaseDirectory = parse.GetValue(FeedbackDatabases)?.FullName,
            IncludeDevSplits = parse.GetValue(IncludeDev),
            HeldOutFraction = fraction,
            Seed = parse.GetValue(Seed),
        };
        if (options.SpiderDirectory is null && options.SparcDirectory is null && options.CosqlDirectory is null && options.FeedbackStorePath is null)
            throw new CliError("no data: give --spider, --sparc, --cosql and/or --feedback.");
        return options;
    }
}
