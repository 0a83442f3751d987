using System.Diagnostics;
using System.Text.Json.Nodes;
using NlQuery.Training.Datasets;
using NlQuery.Training.Promotion;

namespace NlQuery.Training.Pipelines.Internal;

/// <summary>
/// The promotion metric of a pipeline's candidate: <see cref="HeldOutEvaluation"/> on the held-out examples, as a
/// <see cref="ModelMetric"/> plus the details its model card records. A failure is returned as the reason, never
/// thrown, so that the candidate is still written and can never be promoted.
/// </summary>
internal static class HeldOutScoring
{
    /// <param name="heldOutSha256">The held-out file's hash: metrics are compared only when measured on the same file.</param>
    /// <param name="spiderDirectory">Spider's folder, whose databases the SQL runs in; null: not scored.</param>
    /// <param name="decoding">How the candidate generated SQL, for the model card.</param>
    /// <param name="whenEmpty">The reason when there are no held-out examples.</param>
    /// <param name="whenNoSpider">The reason when there is no Spider folder.</param>
    public static async Task<(ModelMetric? Metric, string? Error, JsonObject Details)> EvaluateAsync(string candidate, IReadOnlyList<TrainingExample> heldOut,
        string heldOutSha256, string? spiderDirectory, string decoding, string whenEmpty, string whenNoSpider, Action<string> log,
        CancellationToken cancellationToken)
    {
        var details = new JsonObject();
        if (heldOut.Count == 0)
            return (null, whenEmpty, details);
        if (spiderDirectory is null)
            return (null, whenNoSpider, details);
        try
        {
            var watch = Stopwatch.StartNew();
            var report = await HeldOutEvaluation.EvaluateAsync(candidate, heldOut, Path.Combine(spiderDirectory, "tables.json"),
                Path.Combine(spiderDirectory, "database"), done =>
                {
                    if (done % 50 == 0)
                        log($"evaluate: {done}/{heldOut.Count}");
                }, cancellationToken).ConfigureAwait(false);
            details["examples"] = report.Count;
            details["execution_accuracy"] = report.ExecutionAccuracy;
            details["exact_match"] = report.ExactMatch;
            details["execution_error_rate"] = report.ExecutionErrorRate;
            details["decoding"] = decoding;
            details["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 1);
            return (new ModelMetric(HeldOutEvaluation.MetricName, report.ExecutionAccuracy, HigherIsBetter: true, heldOutSha256), null, details);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            details["error"] = e.Message;
            return (null, $"{e.GetType().Name}: {e.Message}", details);
        }
    }
}
