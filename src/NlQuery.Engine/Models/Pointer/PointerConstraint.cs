using NlQuery.Generation;
using NlQuery.Sql;

namespace NlQuery.Models.Pointer;

/// <summary>
/// PICARD's veto over pointer actions: an action is taken only when its text (from the request's
/// <see cref="PointerActions"/>, so pointers and copies are this question's own) extends the parse state; the end
/// action only when the statement is complete and no string literal is open. Thread-safe: states are immutable.
/// </summary>
public sealed class PointerConstraint(SqlParser parser, PointerActions actions) : IDecodingConstraint<PointerConstraint.State>
{
    private readonly SqlParser _parser = parser ?? throw new ArgumentNullException(nameof(parser));
    private readonly PointerActions _actions = actions ?? throw new ArgumentNullException(nameof(actions));

    public readonly record struct State(ParseState Parse, ActionRenderState Render);

    public State InitialState => new(_parser.Start, default);

    public bool TryAdvance(State state, int tokenId, out State next)
    {
        next = default;
        var text = _actions.Append(state.Render, tokenId, out var render);
        if (text is null || !state.Parse.TryExtend(text, out var parse))
            return false;
        next = new State(parse, render);
        return true;
    }

    public bool IsComplete(State state) => !state.Render.InLiteral && state.Parse.IsComplete;
}
