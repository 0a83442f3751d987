using NlQuery.Sql;

namespace NlQuery.Tests.Sql;

public sealed class ParseStateTests
{
    private static readonly SqlParser Parser = new(SqlDialect.Sqlite, ParseMode.Guards, TestSchemas.Concert);

    private static ParseState StateAfter(string prefix)
    {
        var result = Parser.Parse(prefix);
        Assert.True(result.IsValid, $"{result}: {prefix}");
        return result.State!;
    }

    [Fact]
    public void ExtendLeavesTheStateUntouchedSoPrefixesCanBeShared()
    {
        var state = StateAfter("SELECT name FROM singer WHERE ");
        var a = state.Extend("age > 3");
        var b = state.Extend("nope");
        var c = state.Extend("country = 'x'");
        Assert.Equal(ParseStatus.Complete, a.Status);
        Assert.Equal(ParseStatus.Invalid, b.Status);
        Assert.Equal(ParseStatus.Complete, c.Status);
        Assert.False(state.IsComplete);
        Assert.Equal("SELECT name FROM singer WHERE ".Length, state.Length);
        Assert.Equal(state.Length + "age > 3".Length, a.State!.Length);
    }

    [Fact]
    public void PrunesNamesAndKeywordsWhileTheyAreTyped()
    {
        var from = StateAfter("SELECT name FROM ");
        Assert.Equal(ParseStatus.Partial, from.Extend("sing").Status);
        Assert.Equal(ParseStatus.Complete, from.Extend("singer").Status);
        var bad = from.Extend("singx");
        Assert.Equal(ParseStatus.Invalid, bad.Status);
        Assert.Equal(from.Length + 4, bad.ErrorOffset);
        Assert.Contains("no table name starts with 'singx'", bad.Error);

        var afterStar = StateAfter("SELECT * ");
        Assert.Equal(ParseStatus.Partial, afterStar.Extend("FR").Status);
        Assert.Equal(ParseStatus.Invalid, afterStar.Extend("FX").Status);

        var where = StateAfter("SELECT name FROM singer WHERE ");
        Assert.Equal(ParseStatus.Partial, where.Extend("ag").Status);      // age
        Assert.Equal(ParseStatus.Partial, where.Extend("lowe").Status);    // lower(
        Assert.Equal(ParseStatus.Invalid, where.Extend("stadium_").Status); // a column of another table
    }

    [Fact]
    public void CompleteAllowsTrailingWhitespaceAndOneSemicolonAndMayStillGrow()
    {
        var state = StateAfter("SELECT name FROM singer");
        Assert.True(state.IsComplete);
        Assert.Equal(ParseStatus.Complete, state.Extend("  ").Status);
        Assert.Equal(ParseStatus.Complete, state.Extend(";").Status);
        Assert.Equal(ParseStatus.Complete, state.Extend(" ; ").Status);
        Assert.Equal(ParseStatus.Invalid, state.Extend(";;").Status);
        Assert.Equal(ParseStatus.Partial, state.Extend(" WHERE").Status);
        Assert.Equal(ParseStatus.Complete, state.Extend(" WHERE age > 1").Status);
        Assert.False(StateAfter("SELECT name FROM singer WHERE age >").IsComplete);
    }

    [Fact]
    public void SpanAndStringOverloadsAgree()
    {
        var state = StateAfter("SELECT ");
        const string text = "name, age FROM singer ORDER BY age";
        Assert.Equal(state.Extend(text).Status, state.Extend(text.AsSpan()).Status);
        Assert.Throws<ArgumentNullException>(() => state.Extend((string)null!));
    }

    [Fact]
    public void OneStateCanBeExtendedFromManyThreads()
    {
        var state = StateAfter("SELECT T1.name FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id WHERE ");
        string[] candidates = ["T1.age > 3", "T2.concert_id = 1", "T2.name = 'x'", "T3.age", "age", "name", "T1.name LIKE 'a%'", "count(*) > 1"];
        var expected = candidates.Select(c => state.Extend(c).Status).ToArray();
        Parallel.For(0, 2000, i =>
        {
            var k = i % candidates.Length;
            Assert.Equal(expected[k], state.Extend(candidates[k]).Status);
        });
        Assert.Equal([ParseStatus.Complete, ParseStatus.Complete, ParseStatus.Invalid, ParseStatus.Invalid, ParseStatus.Complete,
            ParseStatus.Complete, ParseStatus.Complete, ParseStatus.Invalid], expected);
    }

    /// <summary>
    /// TryExtend (what the decoding constraint calls) must accept exactly what Extend accepts, and its states must
    /// report the same completeness and go on to the same results, chunk after chunk.
    /// </summary>
    [Fact]
    public void TryExtendAgreesWithExtendOnEveryChunkOfRandomQueriesAndTheirMutations()
    {
        var random = new Random(20261122);
        for (var round = 0; round < 400; round++)
        {
            var query = RandomQueryGenerator.Query(TestSchemas.Concert, random);
            if (round % 2 == 1)
            {
                // Break it somewhere: a character replaced, so that some chunk is rejected.
                var at = random.Next(query.Length);
                query = query[..at] + "x(,'. "[random.Next(6)] + query[(at + 1)..];
            }
            var extended = Parser.Start;
            var tried = Parser.Start;
            for (var at = 0; at < query.Length;)
            {
                var chunk = query.Substring(at, Math.Min(query.Length - at, random.Next(1, 9)));
                at += chunk.Length;
                var result = extended.Extend(chunk);
                var accepted = tried.TryExtend(chunk, out var next);
                Assert.True(result.IsValid == accepted, $"'{query[..at]}': Extend {result}, TryExtend {accepted}");
                if (!accepted)
                {
                    Assert.Null(next);
                    break;
                }
                Assert.Equal(result.Status == ParseStatus.Complete, next!.IsComplete);
                Assert.Equal(result.State!.Length, next.Length);
                extended = result.State;
                tried = next;
            }
        }
    }

    [Fact]
    public void AStateMadeByTryExtendStillExplainsLaterErrors()
    {
        Assert.True(Parser.Start.TryExtend("SELECT name FROM ", out var from));
        Assert.False(from.TryExtend("singx", out var none));
        Assert.Null(none);

        var bad = from.Extend("singx");

        Assert.Equal(ParseStatus.Invalid, bad.Status);
        Assert.Equal(from.Length + 4, bad.ErrorOffset);
        Assert.Contains("no table name starts with 'singx'", bad.Error);
        Assert.True(from.TryExtend("singer;", out var ended));
        Assert.False(string.IsNullOrEmpty(ended.Extend(" x").Error));
    }

    /// <summary>
    /// A state asked about many candidates remembers which first characters cannot follow it: the answers must stay
    /// those of Extend for every candidate, before and after that cache is on.
    /// </summary>
    [Fact]
    public void TryExtendOfManyCandidatesOnOneStateAgreesWithExtend()
    {
        string[] pieces = ["select", "name", "age", "singer", "T1", ".", ",", "(", ")", "*", "=", ">", "<", "<>", "'x'", "1", "12",
            "count", "from", "where", "join", "on", "as", "and", "or", "order", "by", "desc", "limit", "group", "s", "na", "xyz",
            "!", "!=", "-", "--", "\"", "\"name\"", "[", ";", "sing", "concert_id", "singer_id", "stadium"];
        var random = new Random(7);
        for (var round = 0; round < 60; round++)
        {
            var query = RandomQueryGenerator.Query(TestSchemas.Concert, random);
            var state = Parser.Parse(query[..random.Next(query.Length)]).State;
            if (state is null)
                continue;
            for (var k = 0; k < 120; k++)
            {
                var text = (random.Next(2) == 0 ? " " : "") + pieces[random.Next(pieces.Length)] + (random.Next(3) == 0 ? pieces[random.Next(pieces.Length)] : "");
                var expected = state.Extend(text).IsValid;
                Assert.True(expected == state.TryExtend(text, out _), $"'{text}' after '{state}'");
            }
        }
    }
}
