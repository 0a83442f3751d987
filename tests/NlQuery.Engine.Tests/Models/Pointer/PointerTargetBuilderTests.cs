using NlQuery.Models.Pointer;
using NlQuery.Schema;
using NlQuery.Sql;
using static NlQuery.Tests.Models.Pointer.PointerTestData;

namespace NlQuery.Tests.Models.Pointer;

public sealed class PointerTargetBuilderTests
{
    private static (PointerTarget? Target, PointerActions Actions, string? Reason) Target(string question, string sql,
        NlQuery.Linking.ValueMatchResult? values = null, params string[] tables)
    {
        var schema = Concert();
        var actions = Actions(Build(question, schema, values, tables: tables));
        var target = new PointerTargetBuilder(Parser(schema)).TryBuild(sql, actions, out var reason);
        return (target, actions, reason);
    }

    /// <summary>The steps as text: a vocabulary entry, a schema item as <see cref="PointerTestData.Position"/> names it, or "copy:word"; a set joined by '|'.</summary>
    private static List<string> Describe(PointerTarget target, PointerActions actions) =>
        target.Steps.Select(step => string.Join('|', step.Select(action =>
        {
            var p = actions.PositionOf(action);
            if (p < 0)
                return actions.Vocabulary[action];
            var position = actions.Input.Positions[p];
            return position.Type switch
            {
                PositionType.QuestionWord => "copy:" + position.Text,
                PositionType.Table => position.Text,
                PositionType.Column => position.Table!.Name + "." + position.Text,
                _ => position.Table!.Name + "." + position.Column!.Name + "='" + position.Text + "'",
            };
        }))).ToList();

    private static string Rendered(PointerTarget target, PointerActions actions) => actions.Render(target.DecoderInput.Skip(1));

    [Fact]
    public void AliasesAreRenumberedAndColumnsResolvedThroughThem()
    {
        var (target, actions, reason) = Target("Show the stadium names of singers' concerts",
            "SELECT T3.name FROM singer AS T2 JOIN singer_in_concert AS T1 ON T2.singer_id = T1.singer_id JOIN concert AS c ON c.concert_id = T1.concert_id JOIN stadium AS T3 ON c.stadium_id = T3.stadium_id");
        Assert.True(target is not null, reason);
        Assert.Equal(
        [
            "select", "t4", ".", "stadium.name", "from", "singer", "as", "t1", "join", "singer_in_concert", "as", "t2", "on",
            "t1", ".", "singer.singer_id", "=", "t2", ".", "singer_in_concert.singer_id",
            "join", "concert", "as", "t3", "on", "t3", ".", "concert.concert_id", "=", "t2", ".", "singer_in_concert.concert_id",
            "join", "stadium", "as", "t4", "on", "t3", ".", "concert.stadium_id", "=", "t4", ".", "stadium.stadium_id", "</s>",
        ], Describe(target, actions));
        Assert.Equal(
            "select t4.name from singer as t1 join singer_in_concert as t2 on t1.singer_id = t2.singer_id join concert as t3 on t3.concert_id = t2.concert_id join stadium as t4 on t3.stadium_id = t4.stadium_id",
            Rendered(target, actions));
    }

    [Fact]
    public void DecoderInputIsStartThenEachStepsFirstChoice()
    {
        var (target, _, reason) = Target("How many singers ?", "SELECT count(*) FROM singer");
        Assert.True(target is not null, reason);
        Assert.Equal(ActionVocabulary.End, Assert.Single(target.Steps[^1]));
        Assert.Equal(target.Steps.Count, target.DecoderInput.Count);
        Assert.Equal(ActionVocabulary.Start, target.DecoderInput[0]);
        Assert.Equal(target.Steps.Take(target.Steps.Count - 1).Select(s => s[0]), target.DecoderInput.Skip(1));
    }

    [Fact]
    public void AnUnqualifiedColumnPointsAtItsNameInTheQuerysTables()
    {
        var (target, actions, reason) = Target("What are the names of singers ?", "SELECT name FROM singer");
        Assert.True(target is not null, reason);
        Assert.Equal(["select", "singer.name", "from", "singer", "</s>"], Describe(target, actions));

        (target, actions, reason) = Target("What are the names of stadiums ?", "SELECT name FROM stadium");
        Assert.True(target is not null, reason);
        Assert.Equal(["select", "stadium.name", "from", "stadium", "</s>"], Describe(target, actions));
    }

    [Fact]
    public void AnAmbiguousUnqualifiedColumnAcceptsEveryCandidateInTheQuerysTables()
    {
        // singer and singer_in_concert (both in the query) have a singer_id, concert (not in it) has none: an unqualified
        // singer_id accepts both columns (they write the same text), the subquery's scope being the parser's business.
        var (target, actions, reason) = Target("singers in concerts",
            "SELECT name FROM singer WHERE singer_id IN (SELECT singer_id FROM singer_in_concert)");
        Assert.True(target is not null, reason);
        Assert.Equal(
        [
            "select", "singer.name", "from", "singer", "where", "singer.singer_id|singer_in_concert.singer_id", "in", "(", "select",
            "singer.singer_id|singer_in_concert.singer_id", "from", "singer_in_concert", ")", "</s>",
        ], Describe(target, actions));
        Assert.Equal("select name from singer where singer_id in ( select singer_id from singer_in_concert )", Rendered(target, actions));

        // concert_id: concert's and singer_in_concert's, but only singer_in_concert is in the query.
        (target, actions, reason) = Target("concerts with singers", "SELECT concert_id FROM singer_in_concert");
        Assert.True(target is not null, reason);
        Assert.Equal("singer_in_concert.concert_id", Describe(target, actions)[1]);
    }

    [Fact]
    public void NumbersAreVocabularyEntriesOrCopies()
    {
        var (target, actions, reason) = Target("Singers older than 3 or younger than 45 ?", "SELECT name FROM singer WHERE age > 3 OR age < 45");
        Assert.True(target is not null, reason);
        var steps = Describe(target, actions);
        Assert.Equal("3|copy:3", steps[7]);
        Assert.Equal("copy:45", steps[11]);
        Assert.Equal("select name from singer where age > 3 or age < 45", Rendered(target, actions));

        // A number that is neither in the vocabulary nor in the question is refused.
        (target, _, reason) = Target("Singers older than thirty ?", "SELECT name FROM singer WHERE age > 30");
        Assert.Null(target);
        Assert.Contains("'30'", reason);
    }

    [Fact]
    public void ADecimalNumberIsCopiedWordByWord()
    {
        // SplitQuestion makes "3.5" three words: the number is their copies, rendered without spaces.
        var (target, actions, reason) = Target("Singers with a net worth over 3.5 ?", "SELECT name FROM singer WHERE \"Net Worth\" > 3.5");
        Assert.True(target is not null, reason);
        Assert.Equal(["select", "singer.name", "from", "singer", "where", "singer.Net Worth", ">", "copy:3", "copy:.", "copy:5", "</s>"],
            Describe(target, actions));
        Assert.Equal("select name from singer where \"Net Worth\" > 3.5", Rendered(target, actions));

        (target, _, reason) = Target("Singers with a net worth over 3.25 ?", "SELECT name FROM singer WHERE \"Net Worth\" > 3.5");
        Assert.Null(target);
        Assert.Contains("'3.5'", reason);
    }

    [Fact]
    public void AStringLiteralIsAMatchedValue()
    {
        const string question = "Which singers are from France ?";
        var (target, actions, reason) = Target(question, "SELECT name FROM singer WHERE country = 'France'",
            Values(question, ("singer", "country", "France")));
        Assert.True(target is not null, reason);
        Assert.Equal(["select", "singer.name", "from", "singer", "where", "singer.country", "=", "singer.country='France'", "</s>"],
            Describe(target, actions));
    }

    [Fact]
    public void AnUnmatchedStringLiteralIsCopiedBetweenQuotes()
    {
        var (target, actions, reason) = Target("Which singers are from New York ?", "SELECT name FROM singer WHERE country = \"New York\"");
        Assert.True(target is not null, reason);
        Assert.Equal(["select", "singer.name", "from", "singer", "where", "singer.country", "=", "'", "copy:New", "copy:York", "'", "</s>"],
            Describe(target, actions));
        Assert.Equal("select name from singer where country = 'New York'", Rendered(target, actions));

        // A case-insensitive copy is accepted, the copy writes the question's spelling.
        (target, actions, reason) = Target("Which singers are from new york ?", "SELECT name FROM singer WHERE country = 'New York'");
        Assert.True(target is not null, reason);
        Assert.Equal("select name from singer where country = 'new york'", Rendered(target, actions));
    }

    [Fact]
    public void LikePatternsKeepTheirWildcards()
    {
        var (target, actions, reason) = Target("Singers whose name contains Ann", "SELECT name FROM singer WHERE name LIKE '%Ann%'");
        Assert.True(target is not null, reason);
        Assert.Equal(["select", "singer.name", "from", "singer", "where", "singer.name", "like", "'", "%", "copy:Ann", "%", "'", "</s>"],
            Describe(target, actions));
        Assert.Equal("select name from singer where name like '%Ann%'", Rendered(target, actions));

        (target, actions, reason) = Target("Singers whose name starts with Ann", "SELECT name FROM singer WHERE name LIKE 'Ann%'");
        Assert.True(target is not null, reason);
        Assert.Equal("select name from singer where name like 'Ann%'", Rendered(target, actions));
    }

    [Fact]
    public void ALiteralNotInTheQuestionIsRefused()
    {
        var (target, _, reason) = Target("Which singers are from France ?", "SELECT name FROM singer WHERE country = 'Spain'");
        Assert.Null(target);
        Assert.Contains("'Spain'", reason);
        Assert.Contains("neither a matched value nor words of the question", reason);
    }

    [Fact]
    public void ATableOutsideTheSelectionIsRefused()
    {
        var (target, _, reason) = Target("How many stadiums ?", "SELECT count(*) FROM stadium", null, "singer", "concert");
        Assert.Null(target);
        Assert.Contains("'stadium'", reason);
    }

    [Fact]
    public void AQuotedNameWithASpaceIsAPointer()
    {
        var (target, actions, reason) = Target("Net worth of singers", "SELECT \"Net Worth\" FROM singer");
        Assert.True(target is not null, reason);
        Assert.Equal(["select", "singer.Net Worth", "from", "singer", "</s>"], Describe(target, actions));
        Assert.Equal("select \"Net Worth\" from singer", Rendered(target, actions));
    }

    [Fact]
    public void EveryBuiltTargetParsesComplete()
    {
        var schema = Concert();
        var parser = Parser(schema);
        var queries = new[]
        {
            ("How many singers ?", "SELECT count(*) FROM singer;"),
            ("average age of singers per country", "SELECT country, avg(age) FROM singer GROUP BY country ORDER BY avg(age) DESC LIMIT 3"),
            ("stadiums with capacity over 5000", "SELECT name FROM stadium WHERE capacity > 5000"),
            ("singers not in any concert", "SELECT name FROM singer WHERE singer_id NOT IN (SELECT singer_id FROM singer_in_concert)"),
        };
        foreach (var (question, sql) in queries)
        {
            var actions = Actions(Build(question, schema));
            var target = new PointerTargetBuilder(parser).TryBuild(sql, actions, out var reason);
            Assert.True(target is not null, $"{sql}: {reason}");
            Assert.Equal(ParseStatus.Complete, parser.Parse(Rendered(target, actions)).Status);
        }
    }
}
