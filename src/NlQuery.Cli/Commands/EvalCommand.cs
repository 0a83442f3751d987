using System.CommandLine;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq eval …</c>: the evaluation commands, one subcommand per benchmark (<c>spider</c>, <c>sparc</c>, <c>cosql</c>).
/// Other evaluations join this group as further subcommands.
/// </summary>
internal static class EvalCommand
{
    public static Command Create() => new("eval", "Evaluate predictions or a model on a text-to-SQL benchmark.")
    {
        EvalSpiderCommand.Create(),
        EvalConversationCommand.Create("sparc", "SParC"),
        EvalConversationCommand.Create("cosql", "CoSQL"),
    };
}
