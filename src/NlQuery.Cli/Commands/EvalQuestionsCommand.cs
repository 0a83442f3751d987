using System.CommandLine;
using System.Globalization;
using NlQuery.Cli.Connections;
using NlQuery.Cli.Models;
using NlQuery.Training.Datasets;
using NlQuery.Training.Evaluation;
using NlQuery.Translation;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq eval questions --db &lt;database&gt; --file &lt;pairs.jsonl&gt; [--split heldout] [--model dir] [--greedy]</c>: execution
/// accuracy on a user's (question, SQL) pairs against their live database (<see cref="QuestionSetEvaluation"/>), with
/// each miss listed; how learning from corrections is measured before and after.
/// </summary>
internal static class EvalQuestionsCommand
{
    public static Command Create()
    {
        var database = new DatabaseOptions();
        var file = new Option<FileInfo>("--file") { Description = "JSONL of {\"question\", \"sql\"[, \"split\"]} lines.", Required = true };
        var split = new Option<string?>("--split") { Description = "Only the lines whose \"split\" is this (e.g. heldout)." };
        var greedy = new Option<bool>("--greedy") { Description = "Greedy and unconstrained, as the promotion gate decodes (default: as asking decodes)." };
        var command = new Command("questions", "Execution accuracy on (question, SQL) pairs against one database, through the translator.");
        database.AddTo(command);
        database.Db.Required = true;
        foreach (var option in new Option[] { file, split, greedy })
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => CliError.RunAsync(async () =>
        {
            IReadOnlyList<QuestionPair> pairs;
            try
            {
                pairs = QuestionPair.ReadJsonl(parse.GetValue(file)!.FullName, parse.GetValue(split));
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
            {
                throw new CliError(e.Message);
            }
            if (pairs.Count == 0)
                throw new CliError(parse.GetValue(split) is { } s ? $"no line of {parse.GetValue(file)!.FullName} has \"split\": \"{s}\"." : $"{parse.GetValue(file)!.FullName} has no questions.");
            var modelDir = TranslatorFactory.Locate(parse.GetValue(database.Model));
            var decoding = parse.GetValue(greedy) ? new ModelTranslatorOptions { BeamSize = 1, UseConstraint = false } : null;
            using var translator = TranslatorFactory.Load(modelDir, decoding);
            await using var opened = await DatabaseConnector.OpenAsync(parse.GetValue(database.Db)!, parse.GetValue(database.Provider), cancellationToken).ConfigureAwait(false);
            var described = await TrainingDatabase.ReadAsync(opened.Connection, cancellationToken: cancellationToken).ConfigureAwait(false);
            var report = await QuestionSetEvaluation.EvaluateAsync(translator, opened.Connection, described, pairs,
                done => EvalOptions.Progress(done, pairs.Count), cancellationToken).ConfigureAwait(false);
            foreach (var miss in report.Results.Where(r => !r.Match))
            {
                Console.Out.WriteLine($"miss: {miss.Question}");
                Console.Out.WriteLine($"  gold:      {miss.GoldSql}");
                Console.Out.WriteLine($"  predicted: {miss.PredictedSql}{(miss.GoldError ?? miss.Error) switch { null => "", var e => $"  ({(miss.GoldError is null ? "error" : "gold fails")}: {e})" }}");
            }
            var percent = (100 * report.ExecutionAccuracy).ToString("0.0", CultureInfo.InvariantCulture);
            Console.Out.WriteLine($"model               {modelDir}");
            Console.Out.WriteLine($"decoding            {(parse.GetValue(greedy) ? "greedy, unconstrained" : "as asking (beam search, parser constraint)")}");
            Console.Out.WriteLine($"questions           {pairs.Count} ({report.Scored} scored; {pairs.Count - report.Scored} whose gold SQL fails)");
            Console.Out.WriteLine($"execution accuracy  {percent} % ({report.Correct}/{report.Scored})");
            Console.Out.WriteLine($"execution errors    {report.ExecutionErrors}");
            return 0;
        }));
        return command;
    }
}
