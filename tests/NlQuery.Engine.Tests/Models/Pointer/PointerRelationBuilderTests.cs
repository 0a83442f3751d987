using NlQuery.Linking;
using NlQuery.Models.Pointer;
using NlQuery.Schema;
using static NlQuery.Tests.Models.Pointer.PointerTestData;
using R = NlQuery.Models.Pointer.PointerRelations;

namespace NlQuery.Tests.Models.Pointer;

/// <summary>The relations PointerInputBuilder computes (through PointerRelationBuilder) on the concert schema.</summary>
public sealed class PointerRelationBuilderTests
{
    private const string Question = "What is the name of singers from France in each concert ?";

    private static (PointerInput Input, Func<int, int, int> Relation) Input()
    {
        var input = Build(Question, Concert(), Values(Question, ("singer", "country", "France")));
        var n = input.Positions.Count;
        return (input, (i, j) => input.Relations[i * n + j]);
    }

    [Fact]
    public void QuestionWordsRelateByClippedDistance()
    {
        var (_, relation) = Input();
        Assert.Equal(R.QuestionSelf, relation(3, 3));
        Assert.Equal(R.QuestionDistancePlus1, relation(3, 4));
        Assert.Equal(R.QuestionDistanceMinus1, relation(4, 3));
        Assert.Equal(R.QuestionDistancePlus2, relation(3, 5));
        Assert.Equal(R.QuestionDistancePlus2, relation(0, 9));
        Assert.Equal(R.QuestionDistanceMinus2, relation(9, 0));
    }

    [Fact]
    public void NamesMatchExactlyOrPartially()
    {
        var (input, relation) = Input();
        var name = Word(input, "name");
        var singers = Word(input, "singers");
        var concert = Word(input, "concert");
        var what = Word(input, "What");
        // A whole name found in the question (stemmed: "singers" names the table singer).
        Assert.Equal(R.QuestionTableExact, relation(singers, Position(input, "singer")));
        Assert.Equal(R.TableQuestionExact, relation(Position(input, "singer"), singers));
        Assert.Equal(R.QuestionTableExact, relation(concert, Position(input, "concert")));
        Assert.Equal(R.QuestionColumnExact, relation(name, Position(input, "singer.name")));
        Assert.Equal(R.ColumnQuestionExact, relation(Position(input, "stadium.name"), name));
        // One word of a longer name: concert_name.
        Assert.Equal(R.QuestionColumnPartial, relation(concert, Position(input, "concert.concert_name")));
        Assert.Equal(R.QuestionColumnPartial, relation(name, Position(input, "concert.concert_name")));
        Assert.Equal(R.ColumnQuestionPartial, relation(Position(input, "concert.concert_name"), concert));
        Assert.Equal(R.QuestionTablePartial, relation(singers, Position(input, "singer_in_concert")));
        Assert.Equal(R.TableQuestionPartial, relation(Position(input, "singer_in_concert"), concert));
        // No match.
        Assert.Equal(R.QuestionTableNone, relation(what, Position(input, "stadium")));
        Assert.Equal(R.TableQuestionNone, relation(Position(input, "stadium"), what));
        Assert.Equal(R.QuestionColumnNone, relation(what, Position(input, "singer.age")));
        Assert.Equal(R.ColumnQuestionNone, relation(Position(input, "singer.age"), name));
    }

    [Fact]
    public void MatchedValuesLinkTheirWordsAndTheirColumn()
    {
        var (input, relation) = Input();
        var france = Word(input, "France");
        var what = Word(input, "What");
        var value = Position(input, "singer.country='France'");
        var country = Position(input, "singer.country");
        Assert.Equal(R.QuestionValueMatch, relation(france, value));
        Assert.Equal(R.ValueQuestionMatch, relation(value, france));
        Assert.Equal(R.QuestionValueNone, relation(what, value));
        Assert.Equal(R.ValueQuestionNone, relation(value, what));
        // The column whose value the word is part of.
        Assert.Equal(R.QuestionColumnValue, relation(france, country));
        Assert.Equal(R.ColumnQuestionValue, relation(country, france));
        Assert.Equal(R.QuestionColumnNone, relation(france, Position(input, "singer.name")));
        // Value and schema items.
        Assert.Equal(R.ValueSelf, relation(value, value));
        Assert.Equal(R.ValueOfColumn, relation(value, country));
        Assert.Equal(R.ColumnHasValue, relation(country, value));
        Assert.Equal(R.ValueOther, relation(value, Position(input, "singer")));
        Assert.Equal(R.ValueOther, relation(Position(input, "singer.name"), value));
    }

    [Fact]
    public void WithoutValuesNoWordLinksAColumnByValue()
    {
        var input = Build(Question, Concert());
        var n = input.Positions.Count;
        Assert.DoesNotContain(input.Relations, r => r is R.QuestionColumnValue or R.ColumnQuestionValue or R.QuestionValueMatch);
        Assert.DoesNotContain(input.Positions, p => p.Type == PositionType.Value);
        Assert.Equal(n * n, input.Relations.Length);
    }

    [Fact]
    public void ForeignKeysRelateColumnsAndTablesBothWays()
    {
        var (input, relation) = Input();
        var concertStadium = Position(input, "concert.stadium_id");
        var stadiumId = Position(input, "stadium.stadium_id");
        Assert.Equal(R.ColumnForeignKeyForward, relation(concertStadium, stadiumId));
        Assert.Equal(R.ColumnForeignKeyBackward, relation(stadiumId, concertStadium));
        Assert.Equal(R.ColumnForeignKeyForward, relation(Position(input, "singer_in_concert.singer_id"), Position(input, "singer.singer_id")));
        Assert.Equal(R.TableForeignKeyForward, relation(Position(input, "singer_in_concert"), Position(input, "singer")));
        Assert.Equal(R.TableForeignKeyBackward, relation(Position(input, "singer"), Position(input, "singer_in_concert")));
        Assert.Equal(R.TableForeignKeyForward, relation(Position(input, "concert"), Position(input, "stadium")));
        Assert.Equal(R.TableOther, relation(Position(input, "singer"), Position(input, "stadium")));
        Assert.Equal(R.TableSelf, relation(Position(input, "singer"), Position(input, "singer")));
    }

    [Fact]
    public void TablesReferencingEachOtherAreLinkedBothWays()
    {
        var a = new Table("team", [new Column("id", "int", true), new Column("captain_id", "int")]);
        var b = new Table("player", [new Column("id", "int", true), new Column("team_id", "int")]);
        var schema = new DatabaseSchema("league", [a, b],
            [new ForeignKey(a.FindColumn("captain_id")!, b.FindColumn("id")!), new ForeignKey(b.FindColumn("team_id")!, a.FindColumn("id")!)]);
        var input = Build("list teams", schema);
        var n = input.Positions.Count;
        Assert.Equal(R.TableForeignKeyBoth, input.Relations[Position(input, "team") * n + Position(input, "player")]);
        Assert.Equal(R.TableForeignKeyBoth, input.Relations[Position(input, "player") * n + Position(input, "team")]);
    }

    [Fact]
    public void ColumnsRelateToTheirTableAndEachOther()
    {
        var (input, relation) = Input();
        var singer = Position(input, "singer");
        var id = Position(input, "singer.singer_id");
        var name = Position(input, "singer.name");
        Assert.Equal(R.ColumnPrimaryKeyOf, relation(id, singer));
        Assert.Equal(R.ColumnBelongsTo, relation(name, singer));
        Assert.Equal(R.TablePrimaryKey, relation(singer, id));
        Assert.Equal(R.TableHasColumn, relation(singer, name));
        Assert.Equal(R.ColumnTableOther, relation(name, Position(input, "concert")));
        Assert.Equal(R.TableColumnOther, relation(Position(input, "concert"), name));
        Assert.Equal(R.ColumnSameTable, relation(id, name));
        Assert.Equal(R.ColumnOther, relation(name, Position(input, "stadium.name")));
        Assert.Equal(R.ColumnSelf, relation(name, name));
    }

    [Fact]
    public void EveryRelationIsInRange()
    {
        var (input, _) = Input();
        Assert.All(input.Relations, r => Assert.InRange(r, 0, R.Count - 1));
    }

    [Fact]
    public void TheLinkingAblationRemovesMatchesAndKeepsStructure()
    {
        var (input, _) = Input();
        var ablated = (int[])input.Relations.Clone();
        PointerRelationBuilder.RemoveLinking(ablated);
        int[] matches = [R.QuestionTableExact, R.QuestionTablePartial, R.TableQuestionExact, R.TableQuestionPartial, R.QuestionColumnExact,
            R.QuestionColumnPartial, R.QuestionColumnValue, R.ColumnQuestionExact, R.ColumnQuestionPartial, R.ColumnQuestionValue,
            R.QuestionValueMatch, R.ValueQuestionMatch];
        Assert.Contains(input.Relations, matches.Contains);
        Assert.DoesNotContain(ablated, matches.Contains);
        for (var k = 0; k < ablated.Length; k++)
        {
            if (!matches.Contains(input.Relations[k]))
                Assert.Equal(input.Relations[k], ablated[k]);
        }
    }
}
