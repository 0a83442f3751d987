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
        var format = OutputFormatOption.Create();
        var sqlOnly = new Option<bool>("--sql-only") { Description = "Print the SQL without running it (JSON with --format json)." };
        var sqlHeader = new Option<bool>("--sql-header")
        {
            Description = "With --format csv: start with the SQL that ran, as comment lines beginning with '# '.",
        };
        var maxRows = new Option<int>("--max-rows")
        {
            Description = "Read at most this many rows.",
            DefaultValueFactory = _ => ExecutionOptions.Default.MaxRows,
        };
        var command = new Command("ask", "Answer one question about a database.") { question, format, sqlOnly, sqlHeader, maxRows };
        database.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliError.RunAsync(() => RunAsync(
            parse.GetValue(database.Db)!, parse.GetValue(database.Provider), parse.GetValue(database.Model), database.Llm.Read(parse), parse.GetValue(question)!,
            parse.GetValue(format), parse.GetValue(sqlOnly), parse.GetValue(sqlHeader), parse.GetValue(maxRows), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(string db, string? provider, string? model, LlmChoice? llm, string question, OutputFormat format,
        bool sqlOnly, bool sqlHeader, int maxRows, CancellationToken cancellationToken)
    {
        if (sqlHeader && format != OutputFormat.Csv)
            throw new CliError("--sql-header is for --format csv (JSON has \"sql\", the table prints it first).");
        if (maxRows < 0)
            throw new CliError($"--max-rows must be 0 or more, not {maxRows}.");
        if (string.IsNullOrWhiteSpace(question))
            throw new CliError("the question is empty: ask something about the database.");
        if (question.Length > NlQueryEngine.MaxQuestionLength)
            throw new CliError($"the question is {question.Length:N0} characters long; nlq accepts at most {NlQueryEngine.MaxQuestionLength:N0}.");
        // Connect first: it is quick, and a wrong --db is the likelier mistake than a missing model.
        await using var opened = await DatabaseConnector.OpenAsync(db, provider, cancellationToken).ConfigureAwait(false);
        var translator = await StatusSpinner.RunAsync("Loading the model…",
            () => Task.Run(() => TranslatorFactory.ForAsking(model, llm), cancellationToken)).ConfigureAwait(false);
        using var ownedModel = translator as IDisposable;
        await using var engine = new NlQueryEngine(translator);
        var options = new AskOptions { Engine = engine, Execution = ExecutionOptions.Default with { MaxRows = maxRows } };
        try
        {
            if (sqlOnly)
            {
                var sql = await StatusSpinner.RunAsync("Translating…",
                    () => engine.TranslateAsync(opened.Connection, question, options, cancellationToken)).ConfigureAwait(false);
                WriteSqlOnly(sql, format);
                return ExitCodes.Answered;
            }
            var answer = await StatusSpinner.RunAsync("Answering…",
                () => engine.AskAsync(opened.Connection, question, options, cancellationToken)).ConfigureAwait(false);
            Write(answer, format, maxRows, sqlHeader);
            if (format == OutputFormat.Csv && answer.Rows.IsTruncated)
            {
                // CSV has no place for this in the data itself: a note on stderr and an exit code of its own.
                await Console.Error.WriteLineAsync(
                    $"nlq: truncated: the row cap (--max-rows {maxRows}) was reached; the CSV holds the first {answer.Rows.Rows.Count} rows and more exist.").ConfigureAwait(false);
                return ExitCodes.Truncated;
            }
            return ExitCodes.Answered;
        }
        catch (UnansweredQuestionException e)
        {
            throw new CliError(e.Message, ExitCodes.NoAnswer, "no answer");
        }
        catch (WriteRefusedException e)
        {
            throw new CliError(e.Message, ExitCodes.WriteRefused, "refused");
        }
    }

    /// <summary>The SQL alone, without running it, in the requested format (a JSON object, a one-column CSV, or the line).</summary>
    private static void WriteSqlOnly(string sql, OutputFormat format)
    {
        switch (format)
        {
            case OutputFormat.Json:
                WriteJsonObject(json => json.WriteString("sql", sql));
                break;
            case OutputFormat.Csv:
                ResultWriter.WriteCsv(Console.Out, new ResultTable(["sql"], [[sql]], false));
                break;
            default:
                StdoutConsole.WriteSql(sql);
                break;
        }
    }

    /// <param name="rowCap">The --max-rows the answer ran under (JSON's <c>row_cap</c>).</param>
    /// <param name="sqlHeader">CSV only: the SQL first, as <c>#</c> comment lines.</param>
    public static void Write(Answer answer, OutputFormat format, int rowCap, bool sqlHeader = false)
    {
        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(answer, rowCap);
                break;
            case OutputFormat.Csv:
                if (sqlHeader)
                {
                    foreach (var line in answer.Sql.ReplaceLineEndings("\n").Split('\n'))
                        Console.Out.WriteLine("# " + line);
                }
                ResultWriter.WriteCsv(Console.Out, answer.Rows);
                break;
            default:
                StdoutConsole.WriteSql(answer.Sql);
                ResultWriter.WriteTable(StdoutConsole.Instance, answer.Rows);
                if (answer.IsUncertain)
                {
                    // In words, not only a colour: piped output has none, and a number alone is easy to miss.
                    StdoutConsole.Instance.MarkupLine(Spectre.Console.Markup.Escape(
                        $"uncertain: confidence {answer.Confidence:0.00}; this SQL may not answer the question, check it (--format json lists the alternatives)."));
                }
                break;
        }
    }

    private static void WriteJsonObject(Action<Utf8JsonWriter> properties)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            properties(json);
            json.WriteEndObject();
        }
        stdout.WriteByte((byte)'\n');
    }

    private static void WriteJson(Answer answer, int rowCap) =>
        WriteJsonObject(json => AnswerJson.WriteProperties(json, answer, includeTruncated: true, rowCap: rowCap));
}
