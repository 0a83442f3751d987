using NlQuery.Generation;

namespace NlQuery.Models.Pointer;

/// <summary>
/// Decoding without the parser (for measuring what the constraint adds): any action whose text can follow the prefix
/// by the format's spacing rules; the end action anywhere outside a string literal.
/// </summary>
public sealed class UnconstrainedActions(PointerActions actions) : IDecodingConstraint<ActionRenderState>
{
    public ActionRenderState InitialState => default;

    public bool TryAdvance(ActionRenderState state, int tokenId, out ActionRenderState next) =>
        actions.Append(state, tokenId, out next) is not null;

    public bool IsComplete(ActionRenderState state) => state.Started && !state.InLiteral;
}
