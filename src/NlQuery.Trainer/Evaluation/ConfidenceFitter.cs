using NlQuery.Translation;

namespace NlQuery.Training.Evaluation;

/// <summary>
/// Fits a <see cref="ConfidenceCalibration"/>: L2-regularised logistic regression of "the answer was right" on
/// <see cref="ConfidenceFeatures"/>, by Newton's method on standardised features (a handful of parameters, so exact
/// and deterministic). <see cref="CrossFit"/> gives out-of-fold probabilities, grouped so that no database's questions
/// are both fitted on and scored: the honest way to report a calibration fitted on the same benchmark.
/// </summary>
public static class ConfidenceFitter
{
    /// <summary>The ridge penalty on standardised weights (not the intercept): mild, against separable small samples.</summary>
    public const double DefaultPenalty = 1.0;

    /// <exception cref="ArgumentException">No examples, lists of different lengths, or only right (or only wrong) answers.</exception>
    public static ConfidenceCalibration Fit(IReadOnlyList<ConfidenceFeatures> features, IReadOnlyList<bool> correct, double penalty = DefaultPenalty)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(correct);
        if (features.Count != correct.Count)
            throw new ArgumentException($"{features.Count} feature rows for {correct.Count} outcomes.", nameof(correct));
        if (features.Count == 0)
            throw new ArgumentException("A calibration needs answers to fit on; there are none.", nameof(features));
        if (correct.All(c => c) || !correct.Any(c => c))
            throw new ArgumentException($"A calibration needs both right and wrong answers; all {features.Count} are {(correct[0] ? "right" : "wrong")}.", nameof(correct));
        if (penalty < 0 || !double.IsFinite(penalty))
            throw new ArgumentOutOfRangeException(nameof(penalty), penalty, "The penalty is 0 or more.");

        var rows = features.Select(f => f.ToArray()).ToList();
        var k = ConfidenceFeatures.Names.Count;
        var mean = new double[k];
        var scale = new double[k];
        for (var j = 0; j < k; j++)
        {
            mean[j] = rows.Average(r => r[j]);
            var sd = Math.Sqrt(rows.Average(r => (r[j] - mean[j]) * (r[j] - mean[j])));
            scale[j] = sd > 1e-9 ? sd : 1; // a constant feature keeps a zero weight (the penalty sees to it)
        }
        var x = rows.Select(r => new[] { 1.0 }.Concat(r.Select((v, j) => (v - mean[j]) / scale[j])).ToArray()).ToList();
        var beta = new double[k + 1];
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var gradient = new double[k + 1];
            var hessian = new double[k + 1, k + 1];
            for (var n = 0; n < x.Count; n++)
            {
                var p = Sigmoid(Dot(beta, x[n]));
                var y = correct[n] ? 1.0 : 0.0;
                var w = Math.Max(p * (1 - p), 1e-12);
                for (var a = 0; a <= k; a++)
                {
                    gradient[a] += (p - y) * x[n][a];
                    for (var b = 0; b <= k; b++)
                        hessian[a, b] += w * x[n][a] * x[n][b];
                }
            }
            for (var a = 1; a <= k; a++)
            {
                gradient[a] += penalty * beta[a];
                hessian[a, a] += penalty;
            }
            var step = Solve(hessian, gradient);
            for (var a = 0; a <= k; a++)
                beta[a] -= step[a];
            if (step.Max(Math.Abs) < 1e-10)
                break;
        }
        // Back to the raw features' units, so that model.json's weights apply to ConfidenceFeatures as computed.
        var weights = Enumerable.Range(0, k).Select(j => beta[j + 1] / scale[j]).ToArray();
        var intercept = beta[0] - Enumerable.Range(0, k).Sum(j => weights[j] * mean[j]);
        return new ConfidenceCalibration(intercept, weights) { Examples = features.Count };
    }

    /// <summary>
    /// Out-of-fold probabilities: the examples' groups (databases) are dealt into <paramref name="folds"/> folds of
    /// similar size, and each example is scored by a calibration fitted on the other folds only.
    /// </summary>
    public static double[] CrossFit(IReadOnlyList<ConfidenceFeatures> features, IReadOnlyList<bool> correct, IReadOnlyList<string> groups,
        int folds = 5, double penalty = DefaultPenalty)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(correct);
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count != features.Count || correct.Count != features.Count)
            throw new ArgumentException($"{features.Count} feature rows, {correct.Count} outcomes and {groups.Count} groups: one of each per example.", nameof(groups));
        var distinct = groups.Distinct(StringComparer.Ordinal).ToList();
        if (folds < 2 || folds > distinct.Count)
            throw new ArgumentOutOfRangeException(nameof(folds), folds, $"Cross-fitting needs 2 folds or more and at most one per group ({distinct.Count} groups).");
        // Largest groups first, each to the fold with fewest examples so far (ties to the lower fold): deterministic.
        var sizes = new int[folds];
        var foldOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in distinct.OrderByDescending(g => groups.Count(x => x == g)).ThenBy(g => g, StringComparer.Ordinal))
        {
            var fold = Array.IndexOf(sizes, sizes.Min());
            foldOf[group] = fold;
            sizes[fold] += groups.Count(x => x == group);
        }
        var predictions = new double[features.Count];
        for (var fold = 0; fold < folds; fold++)
        {
            var train = Enumerable.Range(0, features.Count).Where(i => foldOf[groups[i]] != fold).ToList();
            var calibration = Fit(train.Select(i => features[i]).ToList(), train.Select(i => correct[i]).ToList(), penalty);
            for (var i = 0; i < features.Count; i++)
            {
                if (foldOf[groups[i]] == fold)
                    predictions[i] = calibration.Predict(features[i]);
            }
        }
        return predictions;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    /// <summary>Solves <c>A s = g</c> by Gaussian elimination with partial pivoting (A is small and positive definite).</summary>
    private static double[] Solve(double[,] a, double[] g)
    {
        var n = g.Length;
        var m = (double[,])a.Clone();
        var v = (double[])g.Clone();
        for (var c = 0; c < n; c++)
        {
            var pivot = Enumerable.Range(c, n - c).MaxBy(r => Math.Abs(m[r, c]));
            if (pivot != c)
            {
                for (var j = 0; j < n; j++)
                    (m[c, j], m[pivot, j]) = (m[pivot, j], m[c, j]);
                (v[c], v[pivot]) = (v[pivot], v[c]);
            }
            for (var r = c + 1; r < n; r++)
            {
                var f = m[r, c] / m[c, c];
                for (var j = c; j < n; j++)
                    m[r, j] -= f * m[c, j];
                v[r] -= f * v[c];
            }
        }
        var s = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var sum = v[r];
            for (var j = r + 1; j < n; j++)
                sum -= m[r, j] * s[j];
            s[r] = sum / m[r, r];
        }
        return s;
    }
}
