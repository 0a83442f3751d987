using System.CommandLine;

namespace NlQuery.Cli.Commands;

/// <summary><c>nlq eval …</c>: measurements over the datasets in <c>../shared</c>, too slow for the test suite.</summary>
internal static class EvalCommand
{
    public static Command Create() => new("eval", "Measure NlQuery's parts on Spider-format datasets.")
    {
        EvalLinkingCommand.Create(),
    };
}
