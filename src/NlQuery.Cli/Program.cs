using System.CommandLine;
using System.Globalization;
using NlQuery.Cli.Commands;

// nlq runs with culture data because SqlClient needs it (NlQuery.Cli.csproj), but its output stays what it was in
// invariant mode: numbers and dates in tables, JSON and CSV must not change with the user's locale.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

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
