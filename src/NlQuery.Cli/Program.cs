using System.CommandLine;
using NlQuery.Cli.Commands;

// nlq: one file per command under Commands/; each exposes Create().
var root = new RootCommand("nlq: ask a database questions in plain language, and check or translate SQL.")
{
    SqlCommand.Create(),
    EvalCommand.Create(),
    SchemaCommand.Create(),
    TokenizeCommand.Create(),
    TrainCommand.Create(),
    AskCommand.Create(),
    GenerateCommand.Create(),
    ServeCommand.Create(),
};
ReplCommand.AttachTo(root);
return await root.Parse(args).InvokeAsync();
