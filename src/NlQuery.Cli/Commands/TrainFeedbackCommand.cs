using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using NlQuery.Cli.Connections;
using NlQuery.Training.Pipelines;
using NlQuery.Training.Promotion;
using NlQuery.Training.Scripts;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq train --feedback &lt;store file | database&gt; [--db &lt;database&gt;] [--init models/default] [--spider …] --out runs/feedback</c>:
/// parses the options of <see cref="FeedbackTrainingPipeline"/> (which does the work), prints its progress on stderr and
/// the scores and the decision on stdout.
/// </summary>
internal sealed class TrainFeedbackCommand
{
    public Option<string?> Db { get; } = new("--db") { Description = "--feedback: the database the corrections are about, when --feedback is a store file." };
    public Option<string?> Provider { get; } = new("--provider") { Description = "--feedback: sqlite, sqlserver or postgres (guessed when left out)." };
    public Option<int> Replay { get; } = new("--replay") { Description = "--feedback: Spider training examples replayed beside the corrections.", DefaultValueFactory = _ => 2000 };
    public Option<double> FeedbackHeldOut { get; } = new("--feedback-held-out") { Description = "--feedback: fraction of corrections held out for the gate (by question hash).", DefaultValueFactory = _ => 0.25 };
    public Option<int?> Repeat { get; } = new("--feedback-repeat") { Description = "--feedback: times each correction comes per epoch (default: about a third of what training sees)." };
    public Option<double> MinGain { get; } = new("--min-gain") { Description = "--feedback: EX points by which the candidate must beat the current model on the held-out corrections.", DefaultValueFactory = _ => 0 };
    public Option<int?> SpiderHeldOutLimit { get; } = new("--spider-held-out-limit") { Description = "--feedback: Spider held-out examples in the forgetting check (default: all)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Db, Provider, Replay, FeedbackHeldOut, Repeat, MinGain, SpiderHeldOutLimit })
            command.Options.Add(option);
    }

    /// <param name="optionsFor">The pipeline's options from the train command's own, given how to reach the database.</param>
    public async Task<int> RunAsync(ParseResult parse, string feedback, Func<Func<DbConnection>, FeedbackTrainingOptions> optionsFor, PythonScriptRunner python,
        CancellationToken cancellationToken)
    {
        var fraction = parse.GetValue(FeedbackHeldOut);
        if (!(fraction > 0 && fraction < 1))
            throw new CliError($"--feedback-held-out must be between 0 and 1, not {fraction}.");
        if (parse.GetValue(Replay) is var replay and < 0)
            throw new CliError($"--replay cannot be negative, not {replay}.");
        if (parse.GetValue(Repeat) is { } repeat and < 1)
            throw new CliError($"--feedback-repeat must be at least 1, not {repeat}.");
        var storeIsFile = parse.GetValue(Db) is not null;
        if (storeIsFile && !File.Exists(feedback))
            throw new CliError($"--feedback: feedback store file not found: {Path.GetFullPath(feedback)}");
        // The database the corrections are about: --db, or the --feedback database that holds them in its nlquery_feedback table.
        await using var opened = await DatabaseConnector.OpenAsync(parse.GetValue(Db) ?? feedback, parse.GetValue(Provider), cancellationToken).ConfigureAwait(false);
        var factory = DbProviderFactories.GetFactory(opened.Connection) ?? throw new CliError($"no ADO.NET factory for {opened.Kind}.");
        var connectionString = opened.Connection.ConnectionString;
        Func<DbConnection> database = storeIsFile
            ? () => factory.CreateConnection() is { } c ? WithString(c, connectionString) : throw new CliError($"{opened.Kind} cannot make a connection.")
            : opened.CreateWritable; // the in-database store may add its status columns to an older table
        var options = optionsFor(database) with
        {
            FeedbackStorePath = storeIsFile ? Path.GetFullPath(feedback) : null,
            HeldOutFraction = fraction,
            ReplayExamples = parse.GetValue(Replay),
            FeedbackRepeat = parse.GetValue(Repeat),
            MinGainPoints = parse.GetValue(MinGain),
            SpiderHeldOutLimit = parse.GetValue(SpiderHeldOutLimit),
        };
        if (options.SpiderDirectory is { } spider && !Directory.Exists(spider))
            throw new CliError($"--spider: folder not found: {spider}");
        var result = await CliError.FromPipelineAsync(new FeedbackTrainingPipeline(options, python, Console.Error.WriteLine).RunAsync(cancellationToken))
            .ConfigureAwait(false);
        var (candidate, current) = (result.CandidateScores, result.CurrentScores);
        Console.Out.WriteLine($"held-out corrections ({candidate.FeedbackCount}): current {Percent(current.Feedback)}, candidate {Percent(candidate.Feedback)}");
        Console.Out.WriteLine(candidate.Spider is null || current.Spider is null
            ? "Spider held-out: skipped (no --spider)"
            : $"Spider held-out ({candidate.SpiderCount}): current {Percent(current.Spider.Value)}, candidate {Percent(candidate.Spider.Value)}");
        var target = Path.GetFullPath(options.TargetModelDirectory ?? options.InitModelDirectory);
        Console.Out.WriteLine(result.Decision.Promote
            ? $"{result.Decision.Reason}; {target} replaced (previous kept at {ModelPromoter.BackupPath(target)})"
            : $"{result.Decision.Reason}; candidate left at {result.Candidate}");
        return 0;
    }

    private static DbConnection WithString(DbConnection connection, string connectionString)
    {
        connection.ConnectionString = connectionString;
        return connection;
    }

    private static string Percent(double value) => (100 * value).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
