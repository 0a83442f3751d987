using System.CommandLine;

namespace NlQuery.Cli.Commands;

/// <summary><c>nlq train dataset --out train.jsonl --spider … [--feedback …]</c>: only builds the training JSONL, held-out JSONL and manifest.</summary>
internal static class TrainDatasetCommand
{
    public static Command Create()
    {
        var options = new TrainDatasetOptions();
        var output = new Option<FileInfo>("--out") { Description = "Training JSONL to write (name.heldout.jsonl and name.manifest.json go beside it); with --format pointer, a folder.", Required = true };
        var format = new Option<string>("--format") { Description = "t5 (PICARD's text format) or pointer (the pointer model's files, with encoder features).", DefaultValueFactory = _ => "t5" };
        format.AcceptOnlyFromAmong("t5", "pointer");
        var command = new Command("dataset", "Build the training set (JSONL of {input, target, db_id, source}) without training.");
        options.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(format);
        command.SetAction((parse, cancellationToken) => CliError.RunAsync(async () =>
        {
            if (parse.GetValue(format) == "pointer")
                await options.BuildPointerAsync(parse, parse.GetValue(output)!.FullName, cancellationToken).ConfigureAwait(false);
            else
                await options.BuildAndWriteAsync(parse, parse.GetValue(output)!.FullName, cancellationToken).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
