namespace NlQuery.Generation;

/// <summary>
/// What <see cref="BeamSearch"/> found: finished sequences best first (empty when no hypothesis could be completed
/// within the maximum length), and where the time went.
/// </summary>
public sealed record BeamSearchResult(
    IReadOnlyList<BeamHypothesis> Hypotheses,
    int Steps,
    int ConstraintCalls,
    TimeSpan DecoderTime,
    TimeSpan ConstraintTime)
{
    public BeamHypothesis? Best => Hypotheses.Count > 0 ? Hypotheses[0] : null;
}
