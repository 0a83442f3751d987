using System.CommandLine;
using CommandLineResult = System.CommandLine.ParseResult;
using Microsoft.Data.Sqlite;
using NlQuery.Cli.Connections;
using NlQuery.Schema;
using NlQuery.Sql;

namespace NlQuery.Cli.Commands;

/// <summary>
/// The options every <c>nlq sql</c> subcommand shares: where the schema comes from (<c>--db</c> a SQLite file, or
/// <c>--schema</c> a Spider tables.json with <c>--db-id</c>), the dialect and the parse mode. Validation happens here
/// so that every subcommand reports the same mistakes with the same words.
/// </summary>
internal sealed class SqlSchemaOptions
{
    public Option<string?> Db { get; } = new("--db")
    {
        Description = "The SQLite database file whose schema the guards check against (opened read-only).",
        HelpName = "file",
    };

    public Option<string?> Schema { get; } = new("--schema")
    {
        Description = "A Spider-format tables.json to take the schema from instead of --db (use with --db-id).",
        HelpName = "tables.json",
    };

    public Option<string?> DbId { get; } = new("--db-id")
    {
        Description = "Which database of the --schema file to use.",
        HelpName = "id",
    };

    public void AddTo(Command command)
    {
        command.Add(Db);
        command.Add(Schema);
        command.Add(DbId);
    }

    /// <summary>Loads the one schema the command line names; exactly one of --db and --schema must be given.</summary>
    public async Task<DatabaseSchema> LoadAsync(CommandLineResult parse, CancellationToken cancellationToken)
    {
        var (db, schema, dbId) = Read(parse);
        if (db is null && schema is null)
            throw new CliError("give the database: --db <sqlite file>, or --schema <tables.json> --db-id <id>.");
        if (db is not null)
            return await ReadSqliteSchemaAsync(db, cancellationToken).ConfigureAwait(false);
        if (dbId is null)
            throw new CliError("--schema needs --db-id to say which database of the file to use.");
        return SpiderSchemaCatalog.Load(schema!)[dbId];
    }

    /// <summary>
    /// What the command line names, checked for contradictions: both --db and --schema, or --db-id without --schema.
    /// Either may be absent where the command has a fallback.
    /// </summary>
    public (string? Db, string? Schema, string? DbId) Read(CommandLineResult parse)
    {
        var db = parse.GetValue(Db);
        var schema = parse.GetValue(Schema);
        var dbId = parse.GetValue(DbId);
        if (db is not null && schema is not null)
            throw new CliError("give either --db or --schema, not both.");
        if (dbId is not null && schema is null)
            throw new CliError("--db-id selects a database of a --schema tables.json file; give --schema too (with --db, leave --db-id out).");
        return (db, schema, dbId);
    }

    /// <summary>
    /// Reads a SQLite file's schema without ever creating or changing a file: the shared connector opens it read-only
    /// and refuses missing paths and files without SQLite's header (an empty file included), as for every command.
    /// </summary>
    public static async Task<DatabaseSchema> ReadSqliteSchemaAsync(string path, CancellationToken cancellationToken)
    {
        await using var database = await DatabaseConnector.OpenAsync(path, "sqlite", cancellationToken).ConfigureAwait(false);
        try
        {
            return await SqliteSchemaReader.Instance.ReadAsync(database.Connection, database.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw new CliError($"cannot read the schema of {path}: {e.Message}");
        }
    }
}
