using System.CommandLine;
using System.Text;
using NlQuery.Sql;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq sql check</c>: reads one SQL statement per stdin line and prints one verdict line per input line
/// (<c>complete</c>, <c>partial</c> or <c>invalid: reason</c>). Scripts and automated checks depend on this format.
/// </summary>
internal static class SqlCheckCommand
{
    public static Command Create()
    {
        var schema = new SqlSchemaOptions();
        var parsing = new SqlParseOptions();
        var prefixes = new Option<bool>("--prefixes")
        {
            Description = "Also require every prefix (every character boundary) to be accepted, as constrained decoding needs; "
                          + "prints 'invalid: prefix at <length>: <reason>' for the shortest rejected prefix.",
        };
        var command = new Command("check", "Check SQL statements read from stdin, one per line: complete, partial or invalid: <reason>.");
        schema.AddTo(command);
        parsing.AddTo(command);
        command.Add(prefixes);
        command.SetAction((parse, cancellationToken) => CliError.RunAsync(async () =>
        {
            var dialect = parsing.GetDialect(parse);
            var mode = parsing.GetMode(parse);
            var everyPrefix = parse.GetValue(prefixes);
            var databaseSchema = await schema.LoadAsync(parse, cancellationToken).ConfigureAwait(false);
            var parser = new SqlParser(dialect, mode, databaseSchema);
            return await SqlLineLoop.RunAsync(sql => SqlLineChecker.Check(parser, sql, everyPrefix), cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }
}
