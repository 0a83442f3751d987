using System.CommandLine;
using CommandLineResult = System.CommandLine.ParseResult;
using NlQuery.Sql;

namespace NlQuery.Cli.Commands;

/// <summary><c>--dialect</c> and <c>--mode</c>, read into the parser's types with one error wording for all commands.</summary>
internal sealed class SqlParseOptions
{
    public Option<string> Dialect { get; } = new("--dialect")
    {
        Description = "SQL dialect of the input: sqlite, tsql or postgresql.",
        DefaultValueFactory = _ => "sqlite",
        HelpName = "sqlite|tsql|postgresql",
    };

    public Option<string> Mode { get; } = new("--mode")
    {
        Description = "What to check: lex (tokens only), parse (grammar) or guards (grammar plus tables, columns and aliases).",
        DefaultValueFactory = _ => "guards",
        HelpName = "lex|parse|guards",
    };

    public void AddTo(Command command)
    {
        command.Add(Dialect);
        command.Add(Mode);
    }

    public static SqlDialect ReadDialect(string? name, string option = "--dialect") => name?.ToLowerInvariant() switch
    {
        "sqlite" => SqlDialect.Sqlite,
        "tsql" => SqlDialect.TSql,
        "postgresql" or "postgres" => SqlDialect.PostgreSql,
        _ => throw new CliError($"unknown {option} '{name}': expected sqlite, tsql or postgresql."),
    };

    public static ParseMode ReadMode(string? name) => name?.ToLowerInvariant() switch
    {
        "lex" => ParseMode.Lex,
        "parse" => ParseMode.Grammar,
        "guards" => ParseMode.Guards,
        _ => throw new CliError($"unknown --mode '{name}': expected lex, parse or guards."),
    };

    public SqlDialect GetDialect(CommandLineResult parse) => ReadDialect(parse.GetValue(Dialect));

    public ParseMode GetMode(CommandLineResult parse) => ReadMode(parse.GetValue(Mode));
}
