using NlQuery.Training.Evaluation;

namespace NlQuery.Tests.Evaluation;

public sealed class CalibrationScoreTests
{
    [Fact]
    public void ConfidencesThatMatchTheAccuracyHaveNoCalibrationError()
    {
        // 0.25 and right once in four; 0.75 and right three times in four.
        var score = CalibrationScore.Of([0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75], [true, false, false, false, true, true, true, false]);

        Assert.Equal(0, score.ExpectedCalibrationError, 12);
        Assert.Equal(0.1875, score.BrierScore, 12);
        Assert.Equal(8, score.Examples);
    }

    [Fact]
    public void OverconfidenceIsTheGapWeightedByItsShare()
    {
        // Half the answers at 0.9 but right half the time (gap 0.4), half at 0.1 and never right (gap 0.1).
        var score = CalibrationScore.Of([0.9, 0.9, 0.1, 0.1], [true, false, false, false]);

        Assert.Equal(0.5 * 0.4 + 0.5 * 0.1, score.ExpectedCalibrationError, 12);
        Assert.Equal((0.01 + 0.81 + 0.01 + 0.01) / 4, score.BrierScore, 12);
        Assert.Throws<ArgumentException>(() => CalibrationScore.Of([0.5], []));
    }
}
