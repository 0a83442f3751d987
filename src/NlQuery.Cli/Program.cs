using System.CommandLine;
using System.Globalization;
using NlQuery.Cli;
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
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0 && parsed.Action is System.CommandLine.Invocation.ParseErrorAction)
{
    // Usage errors are one line each and exit code 2 like every other usage error (README), not a help page and 1.
    foreach (var error in parsed.Errors)
        await Console.Error.WriteLineAsync($"nlq: error: {error.Message}");
    var names = new List<string>();
    for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        names.Insert(0, result.Command == root ? "nlq" : result.Command.Name);
    await Console.Error.WriteLineAsync($"nlq: see {string.Join(' ', names)} --help");
    return ExitCodes.Usage;
}
return await parsed.InvokeAsync();
