using System.CommandLine;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq eval …</c>: the evaluation commands, one subcommand per benchmark (<c>spider</c>, <c>sparc</c>, <c>cosql</c>)
/// and measurements of NlQuery's parts (<c>linking</c>) over the datasets in <c>../shared</c>, too slow for the test suite.
/// </summary>
internal static class EvalCommand
{
    public static Command Create() => new("eval", "Evaluate predictions or a model on a text-to-SQL benchmark, or measure NlQuery's parts.")
    {
        EvalSpiderCommand.Create(),
        EvalConversationCommand.Create("sparc", "SParC"),
        EvalConversationCommand.Create("cosql", "CoSQL"),
        EvalLinkingCommand.Create(),
    };
}
