namespace NlQuery.Generation;

/// <summary>
/// A finished sequence: its tokens (end-of-sequence excluded), the sum of their log-probabilities (end-of-sequence
/// included), and the length-normalised score beam search ranks by.
/// </summary>
public sealed record BeamHypothesis(IReadOnlyList<int> Tokens, double LogProbability, double Score)
{
    public override string ToString() => $"{Score:F4} [{string.Join(' ', Tokens)}]";
}
