namespace NlQuery.Generation;

/// <summary>A constraint that accepts every token and lets end-of-sequence close any prefix: plain beam search.</summary>
public sealed class Unconstrained : IDecodingConstraint<Unconstrained.State>
{
    public static Unconstrained Instance { get; } = new();

    /// <summary>Nothing to remember.</summary>
    public readonly record struct State;

    public State InitialState => default;

    public bool TryAdvance(State state, int tokenId, out State next)
    {
        next = state;
        return true;
    }

    public bool IsComplete(State state) => true;
}
