using NlQuery.Training.Evaluation;

namespace NlQuery.Tests.Evaluation;

public sealed class LatencyStatisticsTests
{
    [Fact]
    public void NearestRankPercentiles()
    {
        var stats = new LatencyStatistics(Enumerable.Range(1, 100).Select(i => TimeSpan.FromMilliseconds(i)).Reverse());
        Assert.Equal(50, stats.Percentile(50));
        Assert.Equal(90, stats.Percentile(90));
        Assert.Equal(100, stats.Percentile(100));
        Assert.Equal(1, stats.Percentile(0.5));
        Assert.Equal(50.5, stats.MeanMilliseconds);
        Assert.Throws<ArgumentOutOfRangeException>(() => stats.Percentile(0));
        Assert.Equal(0, new LatencyStatistics([]).Percentile(99));
    }
}
