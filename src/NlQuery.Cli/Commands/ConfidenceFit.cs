using System.Globalization;
using NlQuery.Training.Evaluation;
using NlQuery.Translation;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq eval spider --fit-confidence</c>'s step after the evaluation: fits a <see cref="ConfidenceCalibration"/> on
/// the answers' features and execution results, reports it honestly (out-of-fold: 5 folds by database, each scored by
/// a fit on the other four) against the fixed formula, and stores the fit on every answer in the model's model.json.
/// </summary>
internal static class ConfidenceFit
{
    public const int Folds = 5;

    public static void Run(EvaluationReport report, ModelEvaluationSource source, string modelFolder, string dataName)
    {
        var rated = report.Examples.Where(e => EvalOptions.HasExecutionVerdict(e) && source.Features.ContainsKey(e.Index)).ToList();
        var databases = rated.Select(e => e.DbId).Distinct(StringComparer.Ordinal).Count();
        if (databases < Folds)
            throw new CliError($"--fit-confidence needs answers on {Folds} databases or more (one fold each); there are {databases} with execution results.");
        var features = rated.Select(e => source.Features[e.Index]).ToList();
        var correct = rated.Select(e => e.ExecutionMatch == true).ToList();
        if (correct.All(c => c) || !correct.Any(c => c))
            throw new CliError($"--fit-confidence needs both right and wrong answers; all {rated.Count} are {(correct[0] ? "right" : "wrong")}.");
        var outOfFold = ConfidenceFitter.CrossFit(features, correct, rated.Select(e => e.DbId).ToList(), Folds);
        var fixedScore = CalibrationScore.Of(features.Select(AnswerConfidence.FixedFormula).ToList(), correct);
        var fittedScore = CalibrationScore.Of(outOfFold, correct);

        var calibration = ConfidenceFitter.Fit(features, correct);
        calibration = new ConfidenceCalibration(calibration.Intercept, calibration.Weights)
        {
            Examples = calibration.Examples,
            FittedOn = string.Create(CultureInfo.InvariantCulture,
                $"{dataName}: {rated.Count} answers on {databases} databases; out-of-fold ({Folds} folds by database) {fittedScore}; fixed formula {fixedScore}"),
        };
        calibration.WriteToModelFolder(modelFolder);

        Console.Out.WriteLine($"confidence, fixed formula          {fixedScore}");
        Console.Out.WriteLine($"confidence, fitted (out-of-fold)   {fittedScore}");
        Console.Out.Write(EvalOptions.FormatReliability(report, rated.Select((e, i) => (e.Index, outOfFold[i])).ToDictionary(p => p.Index, p => p.Item2)));
        Console.Out.WriteLine($"calibration         {calibration}");
        Console.Out.WriteLine($"wrote it to         {Path.Combine(modelFolder, T5ModelInfo.FileName)}");
    }
}
