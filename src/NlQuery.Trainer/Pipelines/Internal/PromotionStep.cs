using NlQuery.Training.Promotion;

namespace NlQuery.Training.Pipelines.Internal;

/// <summary>
/// The last step of a pipeline whose candidate carries one held-out metric: <see cref="ModelPromoter"/>'s rule, which
/// <c>--no-promote</c> overrides (the reason still says what the rule decided), then the copy into place.
/// </summary>
internal static class PromotionStep
{
    /// <returns>The decision, and whether it replaced a model that was at <paramref name="target"/> (kept as its backup).</returns>
    public static (PromotionDecision Decision, bool ReplacedCurrent) Run(ModelMetric? metric, string? evaluationError, string candidate, string target,
        bool noPromote)
    {
        var decision = ModelPromoter.Decide(metric, evaluationError, target);
        if (noPromote)
            decision = decision with { Promote = false, Reason = $"not promoted (--no-promote); the rule says: {decision.Reason}" };
        if (!decision.Promote)
            return (decision, false);
        var hadCurrent = Directory.Exists(target);
        ModelPromoter.Promote(candidate, target);
        return (decision, hadCurrent);
    }
}
