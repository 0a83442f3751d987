using NlQuery.Models.Pointer;
using NlQuery.Schema;
using static NlQuery.Tests.Models.Pointer.PointerTestData;

namespace NlQuery.Tests.Models.Pointer;

public sealed class PointerActionsTests
{
    private const string Question = "Which singers older than 3.5 come from big apple or O'Brien ?";

    private static PointerActions Make() =>
        Actions(Build(Question, Concert(), Values(Question, ("singer", "name", "O'Brien"), ("singer", "country", "big apple"))));

    [Fact]
    public void ActionsAreTheVocabularyThenOnePointerPerPosition()
    {
        var actions = Make();
        var vocabulary = ActionVocabulary.Default;
        Assert.Equal(vocabulary.Count + actions.Input.Positions.Count, actions.Count);
        Assert.Equal(vocabulary.Count + 5, actions.PointerTo(5));
        Assert.Equal(5, actions.PositionOf(actions.PointerTo(5)));
        Assert.Equal(-1, actions.PositionOf(Vocab("select")));
        Assert.Equal("select", actions.Text(Vocab("select")));
        Assert.Equal("", actions.Text(ActionVocabulary.End));
    }

    [Fact]
    public void TextsQuoteNamesAndEscapeValues()
    {
        var actions = Make();
        var input = actions.Input;
        Assert.Equal("singer", actions.Text(actions.PointerTo(Position(input, "singer"))));
        Assert.Equal("singer_id", actions.Text(actions.PointerTo(Position(input, "singer.singer_id"))));
        Assert.Equal("\"Net Worth\"", actions.Text(actions.PointerTo(Position(input, "singer.Net Worth"))));
        Assert.Equal("'O''Brien'", actions.Text(actions.PointerTo(Position(input, "singer.name='O'Brien'"))));
        Assert.Equal("'big apple'", actions.Text(actions.PointerTo(Position(input, "singer.country='big apple'"))));
        Assert.Equal("Which", actions.Text(actions.PointerTo(Word(input, "Which"))));
    }

    [Fact]
    public void TSqlQuotesWithBrackets()
    {
        var input = Build(Question, Concert());
        var actions = new PointerActions(ActionVocabulary.Default, input, NlQuery.Sql.SqlDialect.TSql);
        Assert.Equal("[Net Worth]", actions.Text(actions.PointerTo(Position(input, "singer.Net Worth"))));
    }

    [Fact]
    public void RendersWithTheFormatsSpacing()
    {
        var actions = Make();
        var input = actions.Input;
        int P(string item) => actions.PointerTo(Position(input, item));
        int C(string word) => actions.PointerTo(Word(input, word));
        Assert.Equal("select t1.name from singer as t1 where t1.age > 3.5",
            actions.Render([Vocab("select"), Vocab("t1"), Vocab("."), P("singer.name"), Vocab("from"), P("singer"), Vocab("as"), Vocab("t1"),
                Vocab("where"), Vocab("t1"), Vocab("."), P("singer.age"), Vocab(">"), C("3"), C("."), C("5")]));
        // Copies inside a literal are joined by one space; '%' sticks to its neighbours.
        Assert.Equal("where country = 'big apple'",
            actions.Render([Vocab("where"), P("singer.country"), Vocab("="), Vocab("'"), C("big"), C("apple"), Vocab("'")]));
        Assert.Equal("where name like '%big apple%'",
            actions.Render([Vocab("where"), P("singer.name"), Vocab("like"), Vocab("'"), Vocab("%"), C("big"), C("apple"), Vocab("%"), Vocab("'")]));
        // A value pointer is a whole literal; count(*) spaced like any other action.
        Assert.Equal("where name = 'O''Brien' and count ( * )",
            actions.Render([Vocab("where"), P("singer.name"), Vocab("="), P("singer.name='O'Brien'"), Vocab("and"), Vocab("count"),
                Vocab("("), Vocab("*"), Vocab(")")]));
        // End of sequence stops rendering.
        Assert.Equal("select", actions.Render([Vocab("select"), ActionVocabulary.End, C("Which")]));
    }

    [Fact]
    public void CopiesOutsideALiteralMustBeNumberParts()
    {
        var actions = Make();
        var input = actions.Input;
        var started = new ActionRenderState(true, false, false, false);
        Assert.Null(actions.Append(started, actions.PointerTo(Word(input, "big")), out _));
        Assert.Null(actions.Append(started, actions.PointerTo(Word(input, "?")), out _));
        Assert.Equal(" 3", actions.Append(started, actions.PointerTo(Word(input, "3")), out var next));
        Assert.Equal(new ActionRenderState(true, false, false, false), next);
        var e = Assert.Throws<ArgumentException>(() => actions.Render([Vocab("select"), actions.PointerTo(Word(input, "singers"))]));
        Assert.Contains("singers", e.Message);
    }

    [Fact]
    public void InsideALiteralOnlyCopiesPercentAndTheClosingQuoteFollow()
    {
        var actions = Make();
        var input = actions.Input;
        var open = new ActionRenderState(true, false, true, false);
        Assert.Null(actions.Append(open, Vocab("select"), out _));
        Assert.Null(actions.Append(open, actions.PointerTo(Position(input, "singer.name")), out _));
        Assert.Null(actions.Append(open, actions.PointerTo(Position(input, "singer.name='O'Brien'")), out _));
        Assert.Equal("%", actions.Append(open, Vocab("%"), out var afterPercent));
        Assert.Equal(open, afterPercent);
        Assert.Equal("big", actions.Append(open, actions.PointerTo(Word(input, "big")), out var afterCopy));
        Assert.True(afterCopy.AfterCopy);
        Assert.Equal(" apple", actions.Append(afterCopy, actions.PointerTo(Word(input, "apple")), out _));
        Assert.Equal("'", actions.Append(afterCopy, Vocab("'"), out var closed));
        Assert.False(closed.InLiteral);
    }

    [Fact]
    public void ControlAndUnknownActionsAreRejected()
    {
        var actions = Make();
        foreach (var state in new[] { default, new ActionRenderState(true, false, false, false), new ActionRenderState(true, false, true, true) })
        {
            Assert.Null(actions.Append(state, ActionVocabulary.Pad, out _));
            Assert.Null(actions.Append(state, ActionVocabulary.Start, out _));
            Assert.Null(actions.Append(state, ActionVocabulary.End, out _));
            Assert.Null(actions.Append(state, actions.Count, out _));
            Assert.Null(actions.Append(state, -1, out _));
        }
        Assert.Throws<ArgumentException>(() => actions.Render([ActionVocabulary.Start]));
    }

    [Fact]
    public void AnOpeningQuoteStartsALiteral()
    {
        var actions = Make();
        Assert.Equal(" '", actions.Append(new ActionRenderState(true, false, false, false), Vocab("'"), out var next));
        Assert.True(next.InLiteral);
        Assert.False(next.AfterCopy);
    }
}
