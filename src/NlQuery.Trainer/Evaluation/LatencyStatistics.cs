namespace NlQuery.Training.Evaluation;

/// <summary>Latency percentiles over a run (nearest-rank), for the evaluation report.</summary>
public sealed class LatencyStatistics
{
    private readonly double[] _sortedMilliseconds;

    public LatencyStatistics(IEnumerable<TimeSpan> samples)
    {
        _sortedMilliseconds = samples.Select(s => s.TotalMilliseconds).Order().ToArray();
    }

    public int Count => _sortedMilliseconds.Length;

    public double MeanMilliseconds => Count == 0 ? 0 : _sortedMilliseconds.Average();

    /// <summary>The p-th percentile (0 &lt; p ≤ 100) in milliseconds, nearest-rank; 0 when there are no samples.</summary>
    public double Percentile(double p)
    {
        if (p is <= 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(p), p, "A percentile is in (0, 100].");
        if (Count == 0)
            return 0;
        var rank = (int)Math.Ceiling(p / 100 * Count);
        return _sortedMilliseconds[Math.Clamp(rank - 1, 0, Count - 1)];
    }

    public override string ToString() =>
        $"p50 {Percentile(50):F1} ms, p90 {Percentile(90):F1} ms, p99 {Percentile(99):F1} ms, mean {MeanMilliseconds:F1} ms (n={Count})";
}
