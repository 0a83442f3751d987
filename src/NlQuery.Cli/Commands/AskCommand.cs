using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using NlQuery.Cli.Connections;
using NlQuery.Cli.Models;
using NlQuery.Cli.Output;
using NlQuery.Execution;
using Spectre.Console;

namespace NlQuery.Cli.Commands;

/// <summary><c>nlq ask --db … "question"</c>: translate one question, run it read-only, print the SQL and the rows.</summary>
internal static class AskCommand
{
    public static Command Create()
    {
        var database = new DatabaseOptions();
        database.Db.Required = true;
        var question = new Argument<string>("question") { Description = "The question, in plain language." };
        var format = new Option<OutputFormat>("--format")
        {
            Description = "table (default), json or csv.",
            DefaultValueFactory = _ => OutputFormat.Table,
        };
        var sqlOnly = new Option<bool>("--sql-only") { Description = "Print the SQL without running it." };
        var maxRows = new Option<int>("--max-rows")
        {
            Description = "Read at most this many rows.",
            DefaultValueFactory = _ => ExecutionOptions.Default.MaxRows,
        };
        var command = new Command("ask", "Answer one question about a database.") { question, format, sqlOnly, maxRows };
        database.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliError.RunAsync(() => RunAsync(
            parse.GetValue(database.Db)!, parse.GetValue(database.Provider), parse.GetValue(database.Model), parse.GetValue(question)!,
            parse.GetValue(format), parse.GetValue(sqlOnly), parse.GetValue(maxRows), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(string db, string? provider, string? model, string question, OutputFormat format,
        bool sqlOnly, int maxRows, CancellationToken cancellationToken)
    {
        if (maxRows < 0)
            throw new CliError($"--max-rows must be 0 or more, not {maxRows}.");
        if (string.IsNullOrWhiteSpace(question))
            throw new CliError("the question is empty: ask something about the database.");
        if (question.Length > NlQueryEngine.MaxQuestionLength)
            throw new CliError($"the question is {question.Length:N0} characters long; nlq accepts at most {NlQueryEngine.MaxQuestionLength:N0}.");
        // Connect first: it is quick, and a wrong --db is the likelier mistake than a missing model.
        await using var opened = await DatabaseConnector.OpenAsync(db, provider, cancellationToken).ConfigureAwait(false);
        var translator = await StatusSpinner.RunAsync("Loading the model…",
            () => Task.Run(() => TranslatorFactory.Load(TranslatorFactory.Locate(model)), cancellationToken)).ConfigureAwait(false);
        using var ownedModel = translator as IDisposable;
        await using var engine = new NlQueryEngine(translator);
        var options = new AskOptions { Engine = engine, Execution = ExecutionOptions.Default with { MaxRows = maxRows } };
        try
        {
            if (sqlOnly)
            {
                var sql = await StatusSpinner.RunAsync("Translating…",
                    () => engine.TranslateAsync(opened.Connection, question, options, cancellationToken)).ConfigureAwait(false);
                Console.Out.WriteLine(sql);
                return 0;
            }
            var answer = await StatusSpinner.RunAsync("Answering…",
                () => engine.AskAsync(opened.Connection, question, options, cancellationToken)).ConfigureAwait(false);
            Write(answer, format);
            return 0;
        }
        catch (UnansweredQuestionException e)
        {
            throw new CliError(e.Message);
        }
    }

    public static void Write(Answer answer, OutputFormat format)
    {
        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(answer);
                break;
            case OutputFormat.Csv:
                ResultWriter.WriteCsv(Console.Out, answer.Rows);
                break;
            default:
                AnsiConsole.Console.WriteLine(answer.Sql);
                ResultWriter.WriteTable(AnsiConsole.Console, answer.Rows);
                break;
        }
    }

    private static void WriteJson(Answer answer)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            AnswerJson.WriteProperties(json, answer);
            json.WriteEndObject();
        }
        stdout.WriteByte((byte)'\n');
    }
}
