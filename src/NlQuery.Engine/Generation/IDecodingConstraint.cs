namespace NlQuery.Generation;

/// <summary>
/// Decides which tokens a hypothesis may take next (PICARD's veto). Beam search offers each hypothesis only its
/// top-k tokens, one at a time, and masks the ones rejected here. States are immutable: one parent state is
/// extended by several tokens, and each accepted extension becomes a hypothesis of its own.
/// </summary>
/// <typeparam name="TState">Whatever the constraint remembers about a hypothesis's prefix (e.g. a parse state).</typeparam>
public interface IDecodingConstraint<TState>
{
    /// <summary>The state of an empty prefix.</summary>
    TState InitialState { get; }

    /// <summary>Tries to extend a prefix by one token (never the end-of-sequence token).</summary>
    /// <returns>False to reject the token; <paramref name="next"/> is then ignored.</returns>
    bool TryAdvance(TState state, int tokenId, out TState next);

    /// <summary>Whether the prefix is a complete output, so that end-of-sequence may close it.</summary>
    bool IsComplete(TState state);
}
