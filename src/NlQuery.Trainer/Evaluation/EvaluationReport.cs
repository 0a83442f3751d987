using System.Globalization;
using System.Text;

namespace NlQuery.Training.Evaluation;

/// <summary>Aggregates of an evaluation run: EM overall and by hardness, EX, execution errors and latencies.</summary>
public sealed class EvaluationReport
{
    public EvaluationReport(IReadOnlyList<ExampleEvaluation> examples, bool executed)
    {
        Examples = examples;
        Executed = executed;
        PredictionLatency = new LatencyStatistics(examples.Select(e => e.PredictionLatency));
        ExecutionLatency = new LatencyStatistics(examples.Where(e => e.ExecutionMatch is not null).Select(e => e.PredictedExecutionTime));
    }

    public IReadOnlyList<ExampleEvaluation> Examples { get; }

    public bool Executed { get; }

    public int Count => Examples.Count;

    public double ExactMatch => Rate(Examples, e => e.ExactMatch);

    public double ExactMatchFor(SpiderHardness hardness) => Rate(Examples.Where(e => e.Hardness == hardness).ToList(), e => e.ExactMatch);

    public int CountFor(SpiderHardness hardness) => Examples.Count(e => e.Hardness == hardness);

    public double ExecutionAccuracy => Rate(Examples, e => e.ExecutionMatch == true);

    /// <summary>EX over the examples whose gold query ran (a missing database or broken gold is not the prediction's fault).</summary>
    public double ExecutionAccuracyWhereGoldRan => Rate(Examples.Where(e => e.GoldExecutionError is null).ToList(), e => e.ExecutionMatch == true);

    /// <summary>EX over the examples whose gold result is neither empty nor a single 0 or NULL.</summary>
    public double ExecutionAccuracyOnInformativeGold => Rate(Examples.Where(e => e.GoldIsInformative == true).ToList(), e => e.ExecutionMatch == true);

    public int InformativeGoldCount => Examples.Count(e => e.GoldIsInformative == true);

    /// <summary>Share of examples for which no SQL was predicted at all.</summary>
    public double EmptyPredictionRate => Rate(Examples, e => string.IsNullOrWhiteSpace(e.PredictedSql));

    public double ExecutionErrorRate => Rate(Examples, e => e.PredictedExecutionError is not null);

    public IReadOnlyList<ExampleEvaluation> GoldExecutionFailures => Examples.Where(e => e.GoldExecutionError is not null).ToList();

    public IReadOnlyList<ExampleEvaluation> GoldStructureFailures => Examples.Where(e => e.GoldStructureError is not null).ToList();

    public LatencyStatistics PredictionLatency { get; }

    public LatencyStatistics ExecutionLatency { get; }

    /// <summary>Interaction match (SParC/CoSQL): the share of interactions whose every turn matches exactly.</summary>
    public double InteractionMatch
    {
        get
        {
            var groups = Examples.Where(e => e.InteractionIndex >= 0).GroupBy(e => e.InteractionIndex).ToList();
            return groups.Count == 0 ? 0 : (double)groups.Count(g => g.All(e => e.ExactMatch)) / groups.Count;
        }
    }

    public int InteractionCount => Examples.Where(e => e.InteractionIndex >= 0).Select(e => e.InteractionIndex).Distinct().Count();

    public string Format(bool conversational = false)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"examples            {Count}");
        text.AppendLine(c, $"{(conversational ? "question match (EM)" : "exact match (EM)   ")} {Percent(ExactMatch)}");
        foreach (var h in Enum.GetValues<SpiderHardness>())
            text.AppendLine(c, $"  {h.ToString().ToLowerInvariant(),-6}            {Percent(ExactMatchFor(h))}  (n={CountFor(h)})");
        if (conversational)
            text.AppendLine(c, $"interaction match   {Percent(InteractionMatch)}  (n={InteractionCount})");
        if (Executed)
        {
            text.AppendLine(c, $"execution (EX)      {Percent(ExecutionAccuracy)}");
            if (GoldExecutionFailures.Count > 0)
                text.AppendLine(c, $"  where gold ran    {Percent(ExecutionAccuracyWhereGoldRan)}  (n={Count - GoldExecutionFailures.Count})");
            text.AppendLine(c, $"  informative gold  {Percent(ExecutionAccuracyOnInformativeGold)}  (n={InformativeGoldCount}: gold neither empty nor a single 0/NULL)");
            text.AppendLine(c, $"execution errors    {Percent(ExecutionErrorRate)}");
            text.AppendLine(c, $"empty predictions   {Percent(EmptyPredictionRate)}");
            text.AppendLine(c, $"execution latency   {ExecutionLatency}");
        }
        text.AppendLine(c, $"prediction latency  {PredictionLatency}");
        if (GoldStructureFailures.Count > 0)
            text.AppendLine(c, $"gold without Spider structure: {GoldStructureFailures.Count} (counted as EM misses; indices {string.Join(", ", GoldStructureFailures.Take(20).Select(e => e.Index))})");
        if (GoldExecutionFailures.Count > 0)
            foreach (var failure in GoldExecutionFailures.GroupBy(e => (e.DbId, e.GoldExecutionError)).Take(10))
                text.AppendLine(c, $"gold failed to run: {failure.Count()} on {failure.Key.DbId}: {failure.Key.GoldExecutionError}");
        return text.ToString();
    }

    private static string Percent(double rate) => (rate * 100).ToString("F1", CultureInfo.InvariantCulture).PadLeft(5) + " %";

    private static double Rate(IReadOnlyCollection<ExampleEvaluation> examples, Func<ExampleEvaluation, bool> predicate) =>
        examples.Count == 0 ? 0 : (double)examples.Count(predicate) / examples.Count;
}
