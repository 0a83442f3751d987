using System.CommandLine;
using System.Diagnostics;
using NlQuery.Training.Datasets;
using NlQuery.Training.Evaluation;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq eval sparc|cosql --data &lt;dir&gt; --predictions &lt;file&gt; [--db-dir &lt;spider&gt;/database]</c>: question match
/// (exact match per turn) and interaction match (every turn of an interaction) over the dev interactions; execution
/// accuracy too when <c>--db-dir</c> names the databases (SParC and CoSQL use Spider's).
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
        var source = EvalOptions.Source(parse.GetValue(o.Predictions), parse.GetValue(o.Model), parse.GetValue(o.Beams), examples);
        using var runner = EvalOptions.Runner(parse.GetValue(o.DbDir), parse.GetValue(o.Timeout));
        var watch = Stopwatch.StartNew();
        var report = await new SpiderEvaluator(databases, runner)
            .EvaluateAsync(examples, source, done => EvalOptions.Progress(done, examples.Count), cancellationToken).ConfigureAwait(false);
        await EvalOptions.WriteOutAsync(parse.GetValue(o.Out), report, cancellationToken).ConfigureAwait(false);
        Console.Out.Write(report.Format(conversational: true));
        Console.Out.WriteLine($"time                {watch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
