using NlQuery.Linking;
using NlQuery.Models.Pointer;
using static NlQuery.Tests.Models.Pointer.PointerTestData;

namespace NlQuery.Tests.Models.Pointer;

public sealed class PointerInputBuilderTests
{
    private const string Question = "How many singers from France are older than 30?";

    [Fact]
    public void SplitQuestionKeepsWordsAndSinglePunctuation()
    {
        Assert.Equal(["What", "'", "s", "the", "name_of", "3", ".", "5", "%", "?"], PointerInputBuilder.SplitQuestion("What's the  name_of 3.5%?"));
        Assert.Equal(["Zürich", "北京"], PointerInputBuilder.SplitQuestion(" Zürich 北京 "));
        Assert.Empty(PointerInputBuilder.SplitQuestion("   "));
    }

    [Fact]
    public void JoinConversationPutsEarlierQuestionsFirst()
    {
        Assert.Equal("c", PointerInputBuilder.JoinConversation("c", null));
        Assert.Equal("c", PointerInputBuilder.JoinConversation("c", []));
        Assert.Equal("a | b | c", PointerInputBuilder.JoinConversation("c", ["a", "b"]));
    }

    [Theory]
    [InlineData("song_release_year", "song release year")]
    [InlineData("SongReleaseYear", "song release year")]
    [InlineData("name", "name")]
    public void NameTextReadsIdentifiersAsWords(string name, string expected) =>
        Assert.Equal(expected, PointerInputBuilder.NameText(name).ToLowerInvariant());

    [Fact]
    public void QuestionWordsComeFirstAndSpanTheirPieces()
    {
        var input = Build(Question, Concert());
        var words = PointerInputBuilder.SplitQuestion(Question);
        Assert.Equal(words.Count, input.QuestionWordCount);
        Assert.Equal(words, input.Positions.Take(input.QuestionWordCount).Select(p => p.Text));
        Assert.All(input.Positions.Take(input.QuestionWordCount), p =>
        {
            Assert.Equal(PositionType.QuestionWord, p.Type);
            Assert.Equal(PositionKinds.QuestionWord, p.Kind);
        });
        Assert.Equal(Tokenizer.ClsId, input.InputIds[0]);
        Assert.Equal(1, input.Positions[0].SpanStart);
        Assert.Equal(Tokenizer.SepId, input.InputIds[input.Positions[input.QuestionWordCount - 1].SpanEnd]);
        Assert.Equal(Tokenizer.SepId, input.InputIds[^1]);
        Assert.False(input.Truncated);
        Assert.Equal(Question, input.Question);
    }

    [Fact]
    public void EverySpanHoldsExactlyItsItemsPieces()
    {
        var schema = Concert();
        var input = Build(Question, schema, Values(Question, ("singer", "country", "France")));
        var previousEnd = 0;
        foreach (var position in input.Positions)
        {
            var text = position.Type switch
            {
                PositionType.Table or PositionType.Column => PointerInputBuilder.NameText(position.Text),
                _ => position.Text,
            };
            Assert.Equal(Tokenizer.Encode(text), input.InputIds.Skip(position.SpanStart).Take(position.SpanEnd - position.SpanStart));
            Assert.True(position.SpanStart >= previousEnd, $"'{position.Text}' overlaps the position before it");
            previousEnd = position.SpanEnd;
        }
        Assert.Equal(input.Positions.Count * input.Positions.Count, input.Relations.Length);
    }

    [Fact]
    public void SchemaItemsFollowTheSelectionTableByTable()
    {
        var schema = Concert();
        var input = Build(Question, schema, Values(Question, ("singer", "country", "France")), tables: ["stadium", "singer"]);
        var items = input.Positions.Skip(input.QuestionWordCount).Select(p => p.Type switch
        {
            PositionType.Table => p.Text,
            PositionType.Column => p.Table!.Name + "." + p.Text,
            _ => "=" + p.Text,
        });
        Assert.Equal(
        [
            "stadium", "stadium.stadium_id", "stadium.name", "stadium.capacity", "stadium.opened",
            "singer", "singer.singer_id", "singer.name", "singer.country", "=France", "singer.age", "singer.Net Worth",
        ], items);

        // Separators: ':' after a table, ',' between columns, '(' value ')' after its column, [SEP] between tables.
        var colon = Tokenizer.Encode(":").Single();
        var comma = Tokenizer.Encode(",").Single();
        var stadium = input.Positions[Position(input, "stadium")];
        Assert.Equal(colon, input.InputIds[stadium.SpanEnd]);
        Assert.Equal(comma, input.InputIds[input.Positions[Position(input, "stadium.stadium_id")].SpanEnd]);
        var value = input.Positions[Position(input, "singer.country='France'")];
        Assert.Equal(Tokenizer.Encode("(").Single(), input.InputIds[value.SpanStart - 1]);
        Assert.Equal(Tokenizer.Encode(")").Single(), input.InputIds[value.SpanEnd]);
        Assert.Equal(Tokenizer.SepId, input.InputIds[input.Positions[Position(input, "stadium.opened")].SpanEnd]);
        Assert.Equal(PositionKinds.Value, value.Kind);
        Assert.Same(schema.FindTable("singer"), value.Table);
        Assert.Same(schema.FindTable("singer")!.FindColumn("country"), value.Column);
    }

    [Fact]
    public void KindsTellTablesKeysAndTypesApart()
    {
        var schema = Concert();
        var input = Build(Question, schema);
        Assert.Equal(PositionKinds.Table, input.Positions[Position(input, "singer")].Kind);
        // singer_id: int primary key; singer_in_concert.singer_id: int foreign key; country: text; opened: date.
        Assert.Equal(3 + 4 * 1 + 2, input.Positions[Position(input, "singer.singer_id")].Kind);
        Assert.Equal(3 + 4 * 1 + 1, input.Positions[Position(input, "singer_in_concert.singer_id")].Kind);
        Assert.Equal(3 + 4 * 1 + 1, input.Positions[Position(input, "concert.stadium_id")].Kind);
        Assert.Equal(3, input.Positions[Position(input, "singer.country")].Kind);
        Assert.Equal(3 + 4 * 2, input.Positions[Position(input, "stadium.opened")].Kind);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(40)]
    [InlineData(60)]
    public void TruncationNeverCutsAnItemInHalf(int budget)
    {
        var schema = Concert();
        var full = Build(Question, schema, Values(Question, ("singer", "country", "France")));
        var input = Build(Question, schema, Values(Question, ("singer", "country", "France")), maxTokens: budget);
        Assert.True(full.InputIds.Count > budget);
        Assert.True(input.Truncated);
        Assert.True(input.InputIds.Count <= budget, $"{input.InputIds.Count} word pieces for a budget of {budget}");
        Assert.Equal(Tokenizer.SepId, input.InputIds[^1]);
        Assert.True(input.Positions.Count < full.Positions.Count);
        foreach (var position in input.Positions)
        {
            var text = position.Type is PositionType.Table or PositionType.Column ? PointerInputBuilder.NameText(position.Text) : position.Text;
            Assert.Equal(Tokenizer.Encode(text), input.InputIds.Skip(position.SpanStart).Take(position.SpanEnd - position.SpanStart));
        }
        // Columns never appear without their table, values never without their column.
        for (var p = input.QuestionWordCount; p < input.Positions.Count; p++)
        {
            var position = input.Positions[p];
            if (position.Type == PositionType.Column)
                Assert.Contains(input.Positions.Take(p), q => q.Type == PositionType.Table && q.Table == position.Table);
            if (position.Type == PositionType.Value)
                Assert.Contains(input.Positions.Take(p), q => q.Type == PositionType.Column && q.Column == position.Column);
        }
        // The question keeps its last words and at most half the budget.
        var questionPieces = input.QuestionWordCount == 0 ? 0 : input.Positions[input.QuestionWordCount - 1].SpanEnd - 1;
        Assert.True(questionPieces <= budget / 2);
        var words = PointerInputBuilder.SplitQuestion(Question);
        Assert.Equal(words.Skip(words.Count - input.QuestionWordCount), input.Positions.Take(input.QuestionWordCount).Select(p => p.Text));
    }

    [Fact]
    public void TooManyQuestionWordsKeepsTheLastOnes()
    {
        var input = new PointerInputBuilder(Tokenizer, maxQuestionWords: 3).Build("which singers are from France", SchemaSelection.All(Concert()), null);
        Assert.True(input.Truncated);
        Assert.Equal(["are", "from", "France"], input.Positions.Take(input.QuestionWordCount).Select(p => p.Text));
    }

    [Fact]
    public void RejectsTinyBudgets()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PointerInputBuilder(Tokenizer, maxTokens: 15));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PointerInputBuilder(Tokenizer, maxQuestionWords: 0));
    }
}
