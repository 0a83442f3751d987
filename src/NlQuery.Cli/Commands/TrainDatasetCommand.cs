using System.CommandLine;

namespace NlQuery.Cli.Commands;

/// <summary><c>nlq train dataset --out train.jsonl --spider … [--feedback …]</c>: only builds the training JSONL, held-out JSONL and manifest.</summary>
internal static class TrainDatasetCommand
{
    public static Command Create()
    {
        var options = new TrainDatasetOptions();
        var output = new Option<FileInfo>("--out") { Description = "Training JSONL to write (name.heldout.jsonl and name.manifest.json go beside it).", Required = true };
        var command = new Command("dataset", "Build the training set (JSONL of {input, target, db_id, source}) without training.");
        options.AddTo(command);
        command.Options.Add(output);
        command.SetAction((parse, cancellationToken) => CliError.RunAsync(async () =>
        {
            await options.BuildAndWriteAsync(parse, parse.GetValue(output)!.FullName, cancellationToken).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
