using NlQuery.Generation;

namespace NlQuery.Tests.Generation;

/// <summary>
/// A constraint whose state is the prefix itself: <c>accept(prefix, token)</c> says whether a token may follow,
/// <c>complete(prefix)</c> whether end-of-sequence may close it. Records every token it was offered.
/// </summary>
internal sealed class FakeConstraint(Func<IReadOnlyList<int>, int, bool> accept, Func<IReadOnlyList<int>, bool> complete)
    : IDecodingConstraint<IReadOnlyList<int>>
{
    public List<(IReadOnlyList<int> Prefix, int Token)> Offered { get; } = [];

    public IReadOnlyList<int> InitialState => [];

    public bool TryAdvance(IReadOnlyList<int> state, int tokenId, out IReadOnlyList<int> next)
    {
        Offered.Add((state, tokenId));
        next = [.. state, tokenId];
        return accept(state, tokenId);
    }

    public bool IsComplete(IReadOnlyList<int> state) => complete(state);
}
