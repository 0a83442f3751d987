using NlQuery.Training.Evaluation;
using NlQuery.Translation;

namespace NlQuery.Tests.Evaluation;

/// <summary><see cref="ConfidenceFitter"/> on synthetic answers drawn from a known logistic model.</summary>
public sealed class ConfidenceFitterTests
{
    private static readonly double[] TrueWeights = [3, 1.5, 0, -2, -0.5, 0];
    private const double TrueIntercept = -1;

    /// <summary>Answers whose rightness is drawn from <see cref="TrueWeights"/>; 20 "databases".</summary>
    private static (List<ConfidenceFeatures> Features, List<bool> Correct, List<string> Groups) Draw(int count, int seed)
    {
        var random = new Random(seed);
        var features = new List<ConfidenceFeatures>();
        var correct = new List<bool>();
        var groups = new List<string>();
        var truth = new ConfidenceCalibration(TrueIntercept, TrueWeights);
        for (var i = 0; i < count; i++)
        {
            var f = new ConfidenceFeatures(random.NextDouble(), -random.NextDouble() * 2, random.NextDouble() * 5,
                random.NextDouble() < 0.2 ? 1 : 0, random.Next(0, 4), random.NextDouble() * 3);
            features.Add(f);
            correct.Add(random.NextDouble() < truth.Predict(f));
            groups.Add("db" + random.Next(20));
        }
        return (features, correct, groups);
    }

    [Fact]
    public void FitRecoversTheWeightsThatMadeTheData()
    {
        var (features, correct, _) = Draw(20_000, seed: 1);

        var fitted = ConfidenceFitter.Fit(features, correct, penalty: 0);

        Assert.Equal(TrueIntercept, fitted.Intercept, 0.25);
        for (var i = 0; i < TrueWeights.Length; i++)
            Assert.True(Math.Abs(TrueWeights[i] - fitted.Weights[i]) < 0.2, $"{ConfidenceFeatures.Names[i]}: {fitted.Weights[i]} for {TrueWeights[i]}");
        Assert.Equal(20_000, fitted.Examples);
    }

    [Fact]
    public void OutOfFoldProbabilitiesAreCalibratedAndBeatAConstant()
    {
        var (features, correct, groups) = Draw(5_000, seed: 2);

        var outOfFold = ConfidenceFitter.CrossFit(features, correct, groups, folds: 5);
        var fitted = CalibrationScore.Of(outOfFold, correct);
        var constant = CalibrationScore.Of(Enumerable.Repeat(correct.Average(c => c ? 1.0 : 0.0), correct.Count).ToList(), correct);

        Assert.True(fitted.ExpectedCalibrationError < 0.03, fitted.ToString());
        Assert.True(fitted.BrierScore < constant.BrierScore - 0.02, $"{fitted} against a constant's {constant}");
    }

    [Fact]
    public void AGroupsOwnOutcomesNeverReachItsPredictions()
    {
        var (features, correct, groups) = Draw(2_000, seed: 3);
        var flipped = correct.Select((c, i) => groups[i] == "db7" ? !c : c).ToList();

        var original = ConfidenceFitter.CrossFit(features, correct, groups, folds: 5);
        var changed = ConfidenceFitter.CrossFit(features, flipped, groups, folds: 5);

        var db7 = Enumerable.Range(0, groups.Count).Where(i => groups[i] == "db7").ToList();
        Assert.NotEmpty(db7);
        Assert.All(db7, i => Assert.Equal(original[i], changed[i], 12));
        Assert.Contains(Enumerable.Range(0, groups.Count), i => groups[i] != "db7" && Math.Abs(original[i] - changed[i]) > 1e-9);
    }

    [Fact]
    public void DataThatCannotBeFittedIsRefusedSayingWhy()
    {
        var f = new ConfidenceFeatures(1, 0, 0, 0, 0, 1);

        Assert.Contains("both right and wrong", Assert.Throws<ArgumentException>(() => ConfidenceFitter.Fit([f, f], [true, true])).Message);
        Assert.Contains("none", Assert.Throws<ArgumentException>(() => ConfidenceFitter.Fit([], [])).Message);
        Assert.Throws<ArgumentException>(() => ConfidenceFitter.Fit([f], [true, false]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceFitter.CrossFit([f, f], [true, false], ["a", "a"], folds: 2));
    }
}
