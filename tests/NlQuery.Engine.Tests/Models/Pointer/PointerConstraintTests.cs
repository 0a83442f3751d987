using NlQuery.Models.Pointer;
using static NlQuery.Tests.Models.Pointer.PointerTestData;

namespace NlQuery.Tests.Models.Pointer;

public sealed class PointerConstraintTests
{
    private static (PointerConstraint Constraint, PointerActions Actions, PointerTarget Target) Make(string question, string sql,
        NlQuery.Linking.ValueMatchResult? values = null)
    {
        var schema = Concert();
        var actions = Actions(Build(question, schema, values));
        var parser = Parser(schema);
        var target = new PointerTargetBuilder(parser).TryBuild(sql, actions, out var reason) ?? throw new InvalidOperationException(reason);
        return (new PointerConstraint(parser, actions), actions, target);
    }

    private static PointerConstraint.State Drive(PointerConstraint constraint, IEnumerable<int> actions)
    {
        var state = constraint.InitialState;
        foreach (var action in actions)
            Assert.True(constraint.TryAdvance(state, action, out state), $"action {action} refused");
        return state;
    }

    [Theory]
    [InlineData("How many singers ?", "SELECT count(*) FROM singer")]
    [InlineData("names of singers from New York older than 30", "SELECT T1.name FROM singer AS T1 WHERE T1.country = 'New York' AND T1.age > 30")]
    [InlineData("stadiums with a name like Park", "SELECT name FROM stadium WHERE name LIKE '%Park%' ORDER BY capacity DESC LIMIT 1")]
    [InlineData("singers worth more than 3.5 or less than 0.25", "SELECT name FROM singer WHERE \"Net Worth\" > 3.5 OR \"Net Worth\" < 0.25")]
    [InlineData("singers in concerts in 2014",
        "SELECT T1.name FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id JOIN concert AS T3 ON T2.concert_id = T3.concert_id WHERE T3.year = 2014")]
    public void ATargetsActionsReachACompleteState(string question, string sql)
    {
        var (constraint, _, target) = Make(question, sql);
        var actions = target.DecoderInput.Skip(1).ToList();
        var state = constraint.InitialState;
        Assert.False(constraint.IsComplete(state));
        for (var i = 0; i < actions.Count; i++)
        {
            Assert.True(constraint.TryAdvance(state, actions[i], out state), $"step {i} refused");
            // Every other choice of the step's set is accepted too.
            foreach (var alternative in target.Steps[i].Skip(1))
                Assert.True(constraint.TryAdvance(i == 0 ? constraint.InitialState : Drive(constraint, actions.Take(i)), alternative, out _));
        }
        Assert.True(constraint.IsComplete(state));
    }

    /// <summary>Whether the constraint takes every action and ends complete.</summary>
    private static bool Accepts(PointerConstraint constraint, IEnumerable<int> actions)
    {
        var state = constraint.InitialState;
        foreach (var action in actions)
        {
            if (!constraint.TryAdvance(state, action, out state))
                return false;
        }
        return constraint.IsComplete(state);
    }

    [Fact]
    public void AColumnOfAnotherTableIsRejected()
    {
        var (constraint, actions, target) = Make("names of singers", "SELECT T1.name FROM singer AS T1");
        var input = actions.Input;
        var right = target.DecoderInput.Skip(1).ToList();
        Assert.True(Accepts(constraint, right));
        // select t1.capacity from singer as t1: capacity is stadium's.
        var wrong = right.Select(a => a == actions.PointerTo(Position(input, "singer.name")) ? actions.PointerTo(Position(input, "stadium.capacity")) : a);
        Assert.False(Accepts(constraint, wrong));
        // select name from singer where capacity > 1
        Assert.False(Accepts(constraint, [Vocab("select"), actions.PointerTo(Position(input, "singer.name")), Vocab("from"),
            actions.PointerTo(Position(input, "singer")), Vocab("where"), actions.PointerTo(Position(input, "stadium.capacity")), Vocab(">"), Vocab("1")]));
    }

    [Fact]
    public void AWrongTablePointerIsRejected()
    {
        var (constraint, actions, _) = Make("names of singers", "SELECT name FROM singer");
        var input = actions.Input;
        int[] select = [Vocab("select"), actions.PointerTo(Position(input, "singer.age")), Vocab("from")];
        Assert.True(Accepts(constraint, [.. select, actions.PointerTo(Position(input, "singer"))]));
        // singer_in_concert has no column age; a column where a table belongs is no statement at all.
        Assert.False(Accepts(constraint, [.. select, actions.PointerTo(Position(input, "singer_in_concert"))]));
        Assert.False(constraint.TryAdvance(Drive(constraint, select), actions.PointerTo(Position(input, "singer.age")), out _));
    }

    [Fact]
    public void EndIsRefusedInsideALiteral()
    {
        var (constraint, actions, _) = Make("singers from New York", "SELECT name FROM singer WHERE country = 'New York'");
        var input = actions.Input;
        var open = Drive(constraint, [Vocab("select"), actions.PointerTo(Position(input, "singer.name")), Vocab("from"),
            actions.PointerTo(Position(input, "singer")), Vocab("where"), actions.PointerTo(Position(input, "singer.country")), Vocab("="),
            Vocab("'"), actions.PointerTo(Word(input, "New"))]);
        Assert.True(open.Render.InLiteral);
        Assert.False(constraint.IsComplete(open));
        Assert.False(constraint.TryAdvance(open, Vocab("from"), out _));
        Assert.True(constraint.TryAdvance(open, Vocab("'"), out var closed));
        Assert.True(constraint.IsComplete(closed));
        Assert.False(constraint.TryAdvance(closed, ActionVocabulary.End, out _));
    }

    [Fact]
    public void UnconstrainedActionsFollowOnlyTheSpacingRules()
    {
        var (_, actions, target) = Make("singers from New York older than 30", "SELECT name FROM singer WHERE country = 'New York' AND age > 30");
        var input = actions.Input;
        var free = new UnconstrainedActions(actions);
        Assert.False(free.IsComplete(free.InitialState));
        var state = free.InitialState;
        foreach (var action in target.DecoderInput.Skip(1))
            Assert.True(free.TryAdvance(state, action, out state));
        Assert.True(free.IsComplete(state));
        // Not SQL, but allowed: the parser is not asked.
        Assert.True(free.TryAdvance(free.InitialState, Vocab("from"), out var nonsense));
        Assert.True(free.IsComplete(nonsense));
        // Refused by the spacing rules: a word copied outside a literal, a control action, a pointer inside a literal.
        Assert.False(free.TryAdvance(free.InitialState, actions.PointerTo(Word(input, "singers")), out _));
        Assert.True(free.TryAdvance(free.InitialState, actions.PointerTo(Word(input, "30")), out _));
        Assert.False(free.TryAdvance(state, ActionVocabulary.Start, out _));
        Assert.True(free.TryAdvance(free.InitialState, Vocab("'"), out var open));
        Assert.False(free.IsComplete(open));
        Assert.False(free.TryAdvance(open, actions.PointerTo(Position(input, "singer.name")), out _));
        Assert.True(free.TryAdvance(open, actions.PointerTo(Word(input, "York")), out _));
    }
}
