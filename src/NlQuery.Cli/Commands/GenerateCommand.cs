using System.CommandLine;
using System.Text;
using Microsoft.Data.Sqlite;
using NlQuery.Schema;
using NlQuery.Sql;
using NlQuery.Translation;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq generate --model &lt;dir&gt;</c>: one model input text per stdin line in (already serialised, e.g.
/// <c>question | db_id | table : column , ...</c>), one line of SQL out (the part after <c>db_id | </c>; an empty
/// line when no beam finished). With <c>--db</c> or <c>--schema</c>/<c>--db-id</c> the parser constrains decoding
/// against that schema (PICARD); without, decoding is plain beam search.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo>("--model")
        {
            Description = "The T5 model folder (model.json, spiece.model, encoder/decoder ONNX files).",
            Required = true,
        };
        var beams = new Option<int>("--beams") { Description = "Beam size.", DefaultValueFactory = _ => 4 };
        var topK = new Option<int>("--top-k") { Description = "Tokens per hypothesis offered to the parser at each step.", DefaultValueFactory = _ => 8 };
        var maxLength = new Option<int?>("--max-length") { Description = "Generated tokens at most (default: the model's max_output_length)." };
        var db = new Option<FileInfo?>("--db") { Description = "A SQLite database whose schema constrains the output." };
        var schema = new Option<FileInfo?>("--schema") { Description = "A Spider tables.json whose --db-id schema constrains the output." };
        var dbId = new Option<string?>("--db-id") { Description = "The database id: the schema to take from --schema, or the id the model writes (default for --db: the file name)." };
        var command = new Command("generate", "Run a T5 text-to-SQL model on stdin lines, constrained by a schema's parser when one is given.")
        {
            model, beams, topK, maxLength, db, schema, dbId,
        };
        command.SetAction((parse, cancellationToken) => CliError.RunAsync(() => RunAsync(
            parse.GetValue(model)!, parse.GetValue(beams), parse.GetValue(topK), parse.GetValue(maxLength),
            parse.GetValue(db), parse.GetValue(schema), parse.GetValue(dbId), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo modelFolder, int beams, int topK, int? maxLength, FileInfo? db,
        FileInfo? schemaFile, string? dbId, CancellationToken cancellationToken)
    {
        if (beams < 1)
            throw new CliError($"--beams must be at least 1, not {beams}.");
        if (topK < 1)
            throw new CliError($"--top-k must be at least 1, not {topK}.");
        if (maxLength is < 1)
            throw new CliError($"--max-length must be at least 1, not {maxLength}.");
        if (db is not null && schemaFile is not null)
            throw new CliError("Give either --db or --schema, not both.");
        if (schemaFile is not null && string.IsNullOrEmpty(dbId))
            throw new CliError("--schema needs --db-id to choose the database.");

        var schema = db is not null ? await ReadSqliteSchemaAsync(db, dbId, cancellationToken).ConfigureAwait(false)
            : schemaFile is not null ? SpiderSchemaCatalog.Load(schemaFile.FullName)[dbId!]
            : null;
        using var translator = T5Translator.Load(modelFolder.FullName,
            new T5TranslatorOptions { BeamSize = beams, TopK = topK, MaxLength = maxLength });
        var parser = schema is null ? null : new SqlParser(translator.ModelDialect, ParseMode.Guards, schema);
        var databaseId = schema?.Name ?? dbId ?? "";

        using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        await using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
        while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            var generated = translator.Generate(line, databaseId, parser, cancellationToken);
            await output.WriteLineAsync(generated.Beams.Count > 0 ? generated.Beams[0].Sql : "").ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        return 0;
    }

    private static async Task<DatabaseSchema> ReadSqliteSchemaAsync(FileInfo db, string? dbId, CancellationToken cancellationToken)
    {
        if (!db.Exists)
            throw new CliError($"SQLite database not found: {db.FullName}");
        var builder = new SqliteConnectionStringBuilder { DataSource = db.FullName, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await SqliteSchemaReader.Instance.ReadAsync(connection,
                string.IsNullOrEmpty(dbId) ? Path.GetFileNameWithoutExtension(db.Name) : dbId, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw new CliError($"{db.FullName} is not a readable SQLite database: {e.Message}");
        }
    }
}
