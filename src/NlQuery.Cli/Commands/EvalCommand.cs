using System.CommandLine;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq eval …</c>: measurements over Spider-format datasets, too slow for the test suite: one subcommand per
/// benchmark (<c>spider</c>, <c>sparc</c>, <c>cosql</c>), per part (<c>linking</c>), and a user's own questions on their
/// database (<c>questions</c>).
/// </summary>
internal static class EvalCommand
{
    public static Command Create() => new("eval", "Evaluate predictions, a model or NlQuery's parts on Spider-format datasets.")
    {
        EvalSpiderCommand.Create(),
        EvalConversationCommand.Create("sparc", "SParC"),
        EvalConversationCommand.Create("cosql", "CoSQL"),
        EvalLinkingCommand.Create(),
        EvalQuestionsCommand.Create(),
    };
}
