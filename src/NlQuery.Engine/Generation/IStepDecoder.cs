namespace NlQuery.Generation;

/// <summary>
/// Produces next-token logits for a batch of hypotheses, one step at a time, keeping whatever cache it needs
/// (a T5 decoder's KV cache). Beam search tells it, at each step, which previous hypothesis each new one extends,
/// so that the cache can be reordered, and which token each appended.
/// </summary>
public interface IStepDecoder : IDisposable
{
    int VocabularySize { get; }

    /// <summary>
    /// Logits for the next token of each hypothesis, row-major [hypotheses, <see cref="VocabularySize"/>].
    /// Hypothesis <c>i</c> extends hypothesis <c>parents[i]</c> of the previous step by <c>tokens[i]</c>; on the first
    /// step there is one parent-less hypothesis (<c>parents</c> = [0]) whose token is the decoder start token.
    /// The returned memory is valid until the next call.
    /// </summary>
    ReadOnlySpan<float> Step(scoped ReadOnlySpan<int> parents, scoped ReadOnlySpan<long> tokens, CancellationToken cancellationToken);
}
