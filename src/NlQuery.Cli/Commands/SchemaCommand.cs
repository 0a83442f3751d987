using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NlQuery.Cli.Connections;
using NlQuery.Cli.Output;
using NlQuery.Linking;
using NlQuery.Schema;
using NlQuery.Text;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq schema --db FILE [--question "…"]</c>: what the model would see of a database for a question — every table
/// ranked with its score and reasons, the kept columns and matched values, and (with <c>--serialize</c>) the exact
/// model input. With <c>--format jsonl</c> and no question, one question per stdin line, one JSON object per line.
/// </summary>
internal static class SchemaCommand
{
    private static readonly JsonWriterOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions IndentedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "The SQLite database file (or a connection string).", Required = true };
        var provider = new Option<string?>("--provider") { Description = "sqlite, sqlserver or postgres (guessed from --db when left out)." };
        var question = new Option<string?>("--question", "-q") { Description = "The question to rank the schema for." };
        var format = new Option<string>("--format") { Description = "text, json or jsonl.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "jsonl");
        var serialize = new Option<bool>("--serialize") { Description = "Print the exact model input (text format: only that)." };
        var noPrune = new Option<bool>("--no-prune") { Description = "Keep every table and column: PICARD's own input, exactly." };
        var budget = new Option<int>("--budget") { Description = "Token budget of the model input.", DefaultValueFactory = _ => SchemaSummaryOptions.DefaultTokenBudget };
        var maxTables = new Option<int?>("--max-tables") { Description = "Keep at most this many tables." };
        var noValues = new Option<bool>("--no-values") { Description = "Do not read or match database values." };
        var tokenizer = new Option<FileInfo?>("--tokenizer") { Description = "T5's spiece.model: count the budget in real tokens (default: an estimate)." };
        var command = new Command("schema", "Rank a database's tables and columns for a question and show the model input.")
        {
            db, provider, question, format, serialize, noPrune, budget, maxTables, noValues, tokenizer,
        };
        command.SetAction((parse, ct) => CliError.RunAsync(() => RunAsync(parse.GetValue(db)!, parse.GetValue(provider), parse.GetValue(question),
            parse.GetValue(format)!, parse.GetValue(serialize), parse.GetValue(noPrune), parse.GetValue(budget), parse.GetValue(maxTables),
            !parse.GetValue(noValues), parse.GetValue(tokenizer), ct)));
        return command;
    }

    private static async Task<int> RunAsync(string db, string? provider, string? question, string format, bool serialize, bool noPrune,
        int budget, int? maxTables, bool useValues, FileInfo? tokenizer, CancellationToken ct)
    {
        if (budget < 1)
            throw new CliError($"--budget must be at least 1 (got {budget}).");
        if (maxTables is < 1)
            throw new CliError($"--max-tables must be at least 1 (got {maxTables}).");
        if (question is null && format != "jsonl")
            throw new CliError("give --question \"…\", or use --format jsonl to read one question per line from stdin.");

        await using var opened = await DatabaseConnector.OpenAsync(db, provider, ct);
        var schema = await DatabaseKindDetector.SchemaReaderFor(opened.Kind).ReadAsync(opened.Connection, opened.Name, ct);
        // Without pruning the input must be PICARD's exactly, so every value is read, as PICARD reads them.
        var values = useValues
            ? await ValueIndex.BuildAsync(opened.Connection, schema, noPrune ? ValueIndexOptions.Complete : ValueIndexOptions.Default, ct)
            : null;
        var summariser = new SchemaSummariser(schema, values);
        var options = new SchemaSummaryOptions
        {
            TokenBudget = noPrune ? null : budget, MaxTables = maxTables, NoPrune = noPrune,
            TokenCounter = tokenizer is null ? TokenEstimate.Count : await TokenCounterAsync(tokenizer, ct),
        };

        var output = Console.Out;
        if (question is not null)
        {
            var summary = summariser.Summarise(question, options);
            var input = summary.Serialize().Text;
            if (format == "text")
                await output.WriteAsync(serialize ? input + "\n" : Text(summary, input, budget, noPrune));
            else
                await output.WriteLineAsync(Json(summary, input, format == "json" ? IndentedJson : CompactJson));
            return 0;
        }
        while (await Console.In.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
                continue;
            var summary = summariser.Summarise(line, options);
            await output.WriteLineAsync(Json(summary, summary.Serialize().Text, CompactJson));
            await output.FlushAsync(ct);
        }
        return 0;
    }

    /// <summary>Counts with T5's own tokenizer (without the end-of-sequence token, which the summariser adds once).</summary>
    internal static async Task<Func<string, int>> TokenCounterAsync(FileInfo model, CancellationToken ct)
    {
        if (!model.Exists)
            throw new CliError($"tokenizer model not found: {model.FullName}");
        var tokenizer = await T5Tokenizer.LoadAsync(model.FullName, cancellationToken: ct);
        return text => tokenizer.Encode(text, addEos: false).Length;
    }

    private static string Text(SchemaSummary summary, string input, int budget, bool noPrune)
    {
        var text = new StringBuilder();
        var kept = summary.KeptTables.Count;
        text.Append(CultureInfo.InvariantCulture,
            $"{summary.Schema.Name}: {kept} of {summary.Schema.Tables.Count} tables kept, ~{summary.EstimatedTokens} tokens{(noPrune ? " (no pruning)" : $" of {budget}")}\n");
        foreach (var table in summary.Tables)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(table.Kept ? '+' : '-')} {table.Table.Name}  {table.Score:0.###}  {table.Why}\n");
            foreach (var column in table.Columns)
            {
                if (!table.Kept && column.Score == 0)
                    continue;
                text.Append(CultureInfo.InvariantCulture, $"    {(column.Kept ? '+' : '-')} {column.Column.Name}  {column.Score:0.###}");
                if (column.Values.Count > 0)
                    text.Append(" (").AppendJoin(", ", column.Values.Select(v => $"'{v}'")).Append(')');
                if (column.Why.Length > 0)
                    text.Append("  ").Append(column.Why);
                text.Append('\n');
            }
        }
        text.Append("input: ").Append(input).Append('\n');
        return text.ToString();
    }

    /// <summary>The documented JSON shape (<see cref="SummaryJson"/>): question, tables (ranked, with columns), estimated tokens, input.</summary>
    private static string Json(SchemaSummary summary, string input, JsonWriterOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            SummaryJson.WriteMembers(json, summary, input);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
