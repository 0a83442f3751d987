using System.CommandLine;
using System.Data.Common;
using NlQuery.Cli.Connections;
using NlQuery.Cli.Models;
using NlQuery.Cli.Output;
using NlQuery.Sql;
using Spectre.Console;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq --db …</c> with no command: a REPL. A line is a question (SQL and results are shown), or one of
/// <c>:sql &lt;sql&gt;</c>, <c>:why</c>, <c>:fix &lt;sql&gt;</c>, <c>:history</c>, <c>:new</c>, <c>:help</c>, <c>:exit</c>.
/// </summary>
internal static class ReplCommand
{
    private const string Help = """
        Ask a question in plain language, or:
          :sql <sql>   run SQL directly (checked by the parser, read-only)
          :why         the schema summary, and what the model saw for the last question (answered or not)
          :fix <sql>   log the SQL the last question should have produced (checked first; also after no answer)
          :history     the questions asked so far (the next question is read as a follow-up of the last few)
          :new         start a new conversation: the next question is read on its own
          :exit        leave (also Ctrl+D)
        """;

    /// <summary>Gives the root command the database options and the REPL as its action.</summary>
    public static void AttachTo(RootCommand root)
    {
        var database = new DatabaseOptions();
        database.AddTo(root);
        var feedback = new Option<string?>("--feedback")
        {
            Description = "Where :fix logs corrections: a SQLite file (default: the user's local nlquery/feedback.db), " +
                          "or 'db' for the nlquery_feedback table in the --db database.",
        };
        root.Options.Add(feedback);
        root.SetAction((parse, cancellationToken) => CliError.RunAsync(async () =>
        {
            var db = parse.GetValue(database.Db)
                     ?? throw new CliError("give a database with --db <file|connection string> to start the REPL, or a command (see --help).");
            return await RunAsync(db, parse.GetValue(database.Provider), parse.GetValue(database.Model), database.Llm.Read(parse), parse.GetValue(feedback), cancellationToken)
                .ConfigureAwait(false);
        }));
    }

    private static async Task<int> RunAsync(string db, string? provider, string? model, LlmChoice? llm, string? feedback, CancellationToken cancellationToken)
    {
        await using var opened = await DatabaseConnector.OpenAsync(db, provider, cancellationToken).ConfigureAwait(false);
        using var translator = new DeferredTranslator(model, llm);
        await using var engine = new NlQueryEngine(translator, FeedbackTarget.Open(feedback, opened));
        var session = new Session(opened, engine, FeedbackTarget.Describe(feedback, opened));
        var console = StdoutConsole.Instance;
        var interactive = !Console.IsInputRedirected;
        if (interactive)
            console.MarkupLine($"[grey]nlq: connected to {Markup.Escape(opened.Name)} ({opened.Kind}). :help for commands, :exit to leave.[/]");
        while (true)
        {
            if (interactive)
                console.Markup("[bold]nlq>[/] ");
            var line = await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
                return 0;
            line = line.Trim();
            if (line.Length == 0)
                continue;
            if (line is ":exit" or ":quit" or ":q")
                return 0;
            try
            {
                await session.HandleAsync(line, console, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is CliError or SqlParseException or DbException or UnansweredQuestionException or ArgumentException
                                          or InvalidOperationException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException
                                          or NlQuery.Feedback.DbFeedbackException or NlQuery.Llm.LlmException)
            {
                // The same labels as nlq ask's stderr, so the REPL says "no answer" or "refused" rather than "error".
                var label = e switch
                {
                    UnansweredQuestionException => "no answer",
                    WriteRefusedException => "refused",
                    CliError cli => cli.Label,
                    _ => "error",
                };
                await Console.Error.WriteLineAsync($"nlq: {label}: {EchoText.EscapeMessage(e.Message)}").ConfigureAwait(false);
            }
        }
    }

    private sealed class Session(OpenedDatabase database, NlQueryEngine engine, string feedbackTarget)
    {
        private readonly Conversation _conversation = new();
        private Answer? _last;

        // The last question when it got no answer: :why shows what the model saw and the rejected candidates, and
        // :fix logs a correction for it (the questions that fail are the ones most worth correcting).
        private UnansweredQuestionException? _failed;

        public async Task HandleAsync(string line, IAnsiConsole console, CancellationToken cancellationToken)
        {
            var (command, rest) = line.StartsWith(':') ? Split(line) : ("", line);
            switch (command)
            {
                case "":
                    Answer answer;
                    try
                    {
                        answer = await StatusSpinner.RunAsync("Answering…", () => engine.AskAsync(database.Connection, rest,
                            new AskOptions { Engine = engine, Conversation = _conversation }, cancellationToken)).ConfigureAwait(false);
                    }
                    catch (UnansweredQuestionException e)
                    {
                        (_last, _failed) = (null, e);
                        throw;
                    }
                    (_last, _failed) = (answer, null);
                    AskCommand.Write(answer, OutputFormat.Table, NlQuery.Execution.ExecutionOptions.Default.MaxRows);
                    if (answer.IsUncertain)
                    {
                        // Offer what else the model wrote: often one of them is right, and :fix logs it.
                        foreach (var other in answer.Alternatives.Where(a => a.Failure == CandidateFailure.None).Take(3))
                            Console.Out.WriteLine($"  or: {other.Sql}");
                        if (answer.Alternatives.Any(a => a.Failure == CandidateFailure.None))
                            Console.Out.WriteLine("  (:sql <one of these> runs it, :fix <sql> logs the right one)");
                    }
                    break;
                case ":sql":
                    if (rest.Length == 0)
                        throw new CliError(":sql needs a statement, e.g. :sql SELECT count(*) FROM customers");
                    var (sql, rows) = await engine.RunSqlAsync(database.Connection, rest, cancellationToken: cancellationToken).ConfigureAwait(false);
                    StdoutConsole.WriteSql(sql);
                    ResultWriter.WriteTable(console, rows);
                    break;
                case ":why":
                    await WhyAsync(console, cancellationToken).ConfigureAwait(false);
                    break;
                case ":fix":
                    if (_last is null && _failed is null)
                        throw new CliError(":fix corrects the last question; ask one first.");
                    if (rest.Length == 0)
                        throw new CliError(":fix needs the SQL the question should have produced.");
                    string corrected;
                    if (_last is not null)
                    {
                        await _last.CorrectAsync(rest, cancellationToken).ConfigureAwait(false);
                        corrected = _last.Question;
                    }
                    else
                    {
                        await engine.CorrectAsync(database.Connection, _failed!.Question, rest, cancellationToken: cancellationToken).ConfigureAwait(false);
                        corrected = _failed.Question;
                    }
                    console.Markup("[green]correction logged[/]");
                    // Plain text: Spectre would wrap a long path at the console width, and scripts read this line.
                    Console.Out.WriteLine($" for \"{EchoText.Escape(corrected)}\" in {feedbackTarget}");
                    break;
                case ":history":
                    var questions = _conversation.Questions;
                    for (var i = 0; i < questions.Count; i++)
                        Console.Out.WriteLine($"{i + 1}. {EchoText.Escape(questions[i])}");
                    break;
                case ":new":
                    // Questions are follow-ups of the last few answered ones; an unrelated question reads better on its own.
                    _conversation.Clear();
                    Console.Out.WriteLine("new conversation: the next question is read on its own");
                    break;
                case ":help":
                    console.WriteLine(Help);
                    break;
                default:
                    throw new CliError($"unknown command {EchoText.Escape(command)}: type :help for the list.");
            }
        }

        private async Task WhyAsync(IAnsiConsole console, CancellationToken cancellationToken)
        {
            var schema = await engine.GetSchemaAsync(database.Connection, cancellationToken: cancellationToken).ConfigureAwait(false);
            if ((_last?.SchemaSummary ?? _failed?.SchemaSummary) is not { } summary)
            {
                console.WriteLine($"{schema.Name}: {schema.Tables.Count} tables");
                foreach (var table in schema.Tables)
                    console.WriteLine($"  {table.Name}({string.Join(", ", table.Columns.Select(c => c.Name))})");
                if (_last is null && _failed is null)
                    return;
            }
            else
            {
                // What the model saw for the last question: the summariser's kept tables and columns, and why.
                console.WriteLine($"{schema.Name}: the model saw {summary.KeptTables.Count} of {schema.Tables.Count} tables");
                foreach (var table in summary.KeptTables)
                {
                    var columns = table.Columns.Where(c => c.Kept)
                        .Select(c => c.Column.Name + (c.Values.Count > 0 ? $" ({string.Join(", ", c.Values.Select(v => $"'{v}'"))})" : ""));
                    console.WriteLine($"  {table.Table.Name}({string.Join(", ", columns)})" + (table.Why.Length > 0 ? $"  -- {table.Why}" : ""));
                }
                var dropped = summary.Tables.Where(t => !t.Kept).Select(t => t.Table.Name).ToList();
                if (dropped.Count > 0)
                    console.WriteLine($"  not shown: {string.Join(", ", dropped)}");
            }
            // Plain writes: these lines hold user text and SQL, which Spectre would wrap and parse for markup.
            if (_failed is not null)
            {
                Console.Out.WriteLine($"last question: {EchoText.Escape(_failed.Question)}");
                Console.Out.WriteLine($"no answer: {_failed.Reason}");
                Console.Out.WriteLine($"model input: {EchoText.EscapeMessage(_failed.ModelInput ?? "(the model was not asked)")}");
                if (_failed.Candidates.Count == 0)
                    Console.Out.WriteLine("  no candidates: the model wrote no complete SQL");
                if (_failed.Attempts.Count == 0)
                {
                    foreach (var candidate in _failed.Candidates)
                        Console.Out.WriteLine($"  rejected: {EchoText.Escape(candidate.ToString())}");
                }
                WriteAttempts(_failed.Attempts);
                return;
            }
            Console.Out.WriteLine($"last question: {EchoText.Escape(_last!.Question)}");
            Console.Out.WriteLine($"model input: {EchoText.EscapeMessage(_last.ModelInput)}");
            foreach (var alternative in _last.Alternatives)
                Console.Out.WriteLine($"  alternative: {alternative}");
            WriteAttempts(_last.Attempts);
        }

        /// <summary>A language model's tries, one line each: the SQL it wrote and why it was rejected.</summary>
        private static void WriteAttempts(IReadOnlyList<Translation.TranslationAttempt> attempts)
        {
            foreach (var attempt in attempts)
            {
                var verdict = attempt.Outcome switch
                {
                    Translation.TranslationAttemptOutcome.Accepted => "accepted",
                    Translation.TranslationAttemptOutcome.NoSql => "no SQL in the reply",
                    Translation.TranslationAttemptOutcome.Parser => $"rejected by the parser: {attempt.Rejection}",
                    _ => $"rejected by the database: {attempt.Rejection}",
                };
                var sql = (attempt.Sql ?? attempt.Reply).ReplaceLineEndings(" ");
                Console.Out.WriteLine(EchoText.Escape($"  try {attempt.Try} (sample {attempt.Sample}): {verdict}: {sql}"));
            }
        }

        private static (string Command, string Argument) Split(string line)
        {
            var space = line.IndexOf(' ');
            return space < 0 ? (line.ToLowerInvariant(), "") : (line[..space].ToLowerInvariant(), line[(space + 1)..].Trim());
        }
    }
}
