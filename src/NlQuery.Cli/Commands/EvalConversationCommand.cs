using System.CommandLine;
using System.Diagnostics;
using NlQuery.Training.Datasets;
using NlQuery.Training.Evaluation;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq eval sparc|cosql --data &lt;dir&gt; (--predictions &lt;file&gt; | --model &lt;dir&gt;) [--db-dir &lt;spider&gt;/database]</c>:
/// question match (exact match per turn) and interaction match (every turn of an interaction) over the dev
/// interactions; execution accuracy too when the databases are found (SParC and CoSQL use Spider's: <c>--db-dir</c>,
/// else <c>../spider/database</c> beside <c>--data</c>).
/// </summary>
internal static class EvalConversationCommand
{
    public static Command Create(string name, string title)
    {
        var options = new EvalOptions();
        var command = new Command(name, $"Question and interaction match on {title} dev (dev file and tables.json under --data).");
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliError.RunAsync(() => RunAsync(parse, options, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, EvalOptions o, CancellationToken cancellationToken)
    {
        var data = parse.GetValue(o.Data)!;
        if (!data.Exists)
            throw new CliError($"dataset folder not found: {data.FullName}");
        string[] candidates = ["dev.json", "cosql_dev.json", Path.Combine("sql_state_tracking", "cosql_dev.json")];
        var devFile = candidates.Select(c => Path.Combine(data.FullName, c)).FirstOrDefault(File.Exists)
            ?? throw new CliError($"{data.FullName} has no dev.json or sql_state_tracking/cosql_dev.json.");
        var examples = EvalOptions.Limited(SpiderFormatReader.ReadConversations(devFile), parse.GetValue(o.Limit));
        var databases = SpiderDatabaseInfo.LoadAll(Path.Combine(data.FullName, "tables.json"));
        // SParC and CoSQL use Spider's databases: the usual layout keeps spider/ beside them.
        var sibling = new DirectoryInfo(Path.Combine(data.FullName, "..", "spider", "database"));
        var dbDir = parse.GetValue(o.DbDir) ?? (sibling.Exists ? sibling : null);
        var source = o.Source(parse, examples, dbDir, Path.Combine(data.FullName, "tables.json"), out var model);
        using var disposeModel = model;
        using var runner = EvalOptions.Runner(dbDir, parse.GetValue(o.Timeout));
        var watch = Stopwatch.StartNew();
        var report = await new SpiderEvaluator(databases, runner)
            .EvaluateAsync(examples, source, done => EvalOptions.Progress(done, examples.Count), cancellationToken).ConfigureAwait(false);
        await EvalOptions.WriteOutAsync(parse.GetValue(o.Out), report, cancellationToken).ConfigureAwait(false);
        Console.Out.Write(report.Format(conversational: true));
        Console.Out.WriteLine($"time                {watch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
