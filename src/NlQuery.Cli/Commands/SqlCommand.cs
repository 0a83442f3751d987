using System.CommandLine;

namespace NlQuery.Cli.Commands;

/// <summary><c>nlq sql …</c>: tools over the SQL parser.</summary>
internal static class SqlCommand
{
    public static Command Create() => new("sql", "Check, parse and translate SQL with NlQuery's parser.")
    {
        SqlCheckCommand.Create(),
        SqlPrintCommand.Create(),
        SqlFuzzCommand.Create(),
    };
}
