using System.CommandLine;
using NlQuery.Sql;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq sql print</c>: parses each stdin line in one dialect and prints it rendered in another (SQLite
/// <c>LIMIT 3</c> becomes T-SQL <c>TOP 3</c>), or <c>invalid: reason</c>; one output line per input line.
/// </summary>
internal static class SqlPrintCommand
{
    public static Command Create()
    {
        var schema = new SqlSchemaOptions();
        var from = new Option<string>("--from")
        {
            Description = "Dialect of the input: sqlite, tsql or postgresql.",
            DefaultValueFactory = _ => "sqlite",
            HelpName = "sqlite|tsql|postgresql",
        };
        var to = new Option<string>("--to")
        {
            Description = "Dialect to print: sqlite, tsql or postgresql.",
            Required = true,
            HelpName = "sqlite|tsql|postgresql",
        };
        var mode = new Option<string>("--mode")
        {
            Description = "What the input must pass before it is printed: lex, parse or guards.",
            DefaultValueFactory = _ => "guards",
            HelpName = "lex|parse|guards",
        };
        var command = new Command("print", "Re-render SQL statements read from stdin, one per line, in another dialect.");
        schema.AddTo(command);
        command.Add(from);
        command.Add(to);
        command.Add(mode);
        command.SetAction((parse, cancellationToken) => CliError.RunAsync(async () =>
        {
            var source = SqlParseOptions.ReadDialect(parse.GetValue(from), "--from");
            var target = SqlParseOptions.ReadDialect(parse.GetValue(to), "--to");
            var parseMode = SqlParseOptions.ReadMode(parse.GetValue(mode));
            var databaseSchema = await schema.LoadAsync(parse, cancellationToken).ConfigureAwait(false);
            var parser = new SqlParser(source, parseMode, databaseSchema);
            return await SqlLineLoop.RunAsync(sql => Render(parser, target, sql), cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    private static string Render(SqlParser parser, SqlDialect target, string sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
            return SqlLineChecker.EmptyStatement;
        var result = parser.Parse(sql);
        return result.Status switch
        {
            ParseStatus.Invalid => $"invalid: {SqlLineChecker.OneLine(result.Error)}",
            ParseStatus.Partial => "invalid: incomplete statement",
            _ => SqlLineChecker.OneLine(target.Print(parser.ParseStatement(sql))),
        };
    }
}
