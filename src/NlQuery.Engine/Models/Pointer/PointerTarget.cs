namespace NlQuery.Models.Pointer;

/// <summary>
/// The actions that write one gold query: per step the set of acceptable actions, best first (several when a name or
/// number can be written more than one way; the loss sums their probabilities), ending with end-of-sequence.
/// </summary>
public sealed record PointerTarget(IReadOnlyList<IReadOnlyList<int>> Steps)
{
    /// <summary>The actions fed back to the decoder (teacher forcing): start, then each step's first choice.</summary>
    public IReadOnlyList<int> DecoderInput =>
        [ActionVocabulary.Start, .. Steps.Take(Steps.Count - 1).Select(s => s[0])];
}
