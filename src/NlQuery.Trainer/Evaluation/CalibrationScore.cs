namespace NlQuery.Training.Evaluation;

/// <summary>
/// How well confidences read as probabilities: the expected calibration error (|accuracy − mean confidence| per bucket
/// of 0.1, weighted by the bucket's share of answers; 0 is perfect) and the Brier score (mean squared error of the
/// confidence against 1 for right, 0 for wrong; lower is better, and it also rewards confidences that separate).
/// </summary>
public sealed record CalibrationScore(double ExpectedCalibrationError, double BrierScore, int Examples)
{
    public static CalibrationScore Of(IReadOnlyList<double> confidences, IReadOnlyList<bool> correct)
    {
        ArgumentNullException.ThrowIfNull(confidences);
        ArgumentNullException.ThrowIfNull(correct);
        if (confidences.Count != correct.Count)
            throw new ArgumentException($"{confidences.Count} confidences for {correct.Count} outcomes.", nameof(correct));
        if (confidences.Count == 0)
            throw new ArgumentException("There are no confidences to score.", nameof(confidences));
        var n = confidences.Count;
        var brier = Enumerable.Range(0, n).Average(i => Math.Pow(confidences[i] - (correct[i] ? 1 : 0), 2));
        var ece = Enumerable.Range(0, n).GroupBy(i => Math.Min(9, (int)(confidences[i] * 10)))
            .Sum(b => b.Count() / (double)n * Math.Abs(b.Average(i => correct[i] ? 1.0 : 0.0) - b.Average(i => confidences[i])));
        return new CalibrationScore(ece, brier, n);
    }

    public override string ToString() => FormattableString.Invariant($"ECE {ExpectedCalibrationError:0.000}, Brier {BrierScore:0.000} (n = {Examples})");
}
