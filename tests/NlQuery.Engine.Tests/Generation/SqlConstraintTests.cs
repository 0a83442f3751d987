using NlQuery.Generation;
using NlQuery.Schema;
using NlQuery.Sql;
using NlQuery.Text;

namespace NlQuery.Tests.Generation;

/// <summary>The PICARD constraint on real token ids from the tiny-t5 fixture's SentencePiece model.</summary>
public sealed class SqlConstraintTests
{
    private static readonly T5Tokenizer Tokenizer = new(
        SentencePieceTokenizer.Load(Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5", "spiece.model")), 0);

    private static readonly DatabaseSchema ConcertSinger = new("concert_singer",
    [
        new Table("singer", [new Column("singer_id"), new Column("name"), new Column("country"), new Column("age")]),
        new Table("stadium", [new Column("stadium_id"), new Column("name"), new Column("capacity")]),
    ]);

    private static SqlConstraint Constraint(string prefix = "concert_singer | ") =>
        new(new SqlParser(SqlDialect.Sqlite, ParseMode.Guards, ConcertSinger), Tokenizer, prefix);

    /// <summary>Feeds the tokens of <paramref name="text"/>; returns the state, or the index of the first rejected token.</summary>
    private static (SqlConstraint.State? State, int RejectedAt) Feed(SqlConstraint constraint, string text)
    {
        var ids = Tokenizer.Encode(text, addEos: false);
        var state = constraint.InitialState;
        for (var i = 0; i < ids.Length; i++)
        {
            if (!constraint.TryAdvance(state, ids[i], out state))
                return (null, i);
        }
        return (state, -1);
    }

    [Fact]
    public void AcceptsTheTargetFormatTokenByTokenAndCompletesOnlyAtTheEnd()
    {
        var constraint = Constraint();
        var ids = Tokenizer.Encode("concert_singer | select count(*) from singer where age > 30", addEos: false);
        var state = constraint.InitialState;
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.True(constraint.TryAdvance(state, ids[i], out state), $"token {i} ('{Tokenizer.GetPieceText(ids[i])}') rejected");
            var soFar = Tokenizer.Decode(ids.AsSpan(0, i + 1)).TrimEnd();
            // Statements that cannot end here (SQLite allows SELECT without FROM and a bare column as a predicate).
            var expectIncomplete = soFar.EndsWith('|') || soFar.EndsWith("from", StringComparison.Ordinal)
                || soFar.EndsWith("where", StringComparison.Ordinal) || soFar.EndsWith('>') || !soFar.Contains("select", StringComparison.Ordinal);
            if (expectIncomplete)
                Assert.False(constraint.IsComplete(state), $"after '{soFar}'");
        }
        Assert.True(constraint.IsComplete(state));
        // The parser saw the SQL alone: the "▁" piece after "|" went to the prefix's last space.
        Assert.Equal("select count(*) from singer where age > 30".Length, state.Parse.Length);
    }

    [Fact]
    public void ATokenMaySpanTheEndOfThePrefixAndTheStartOfTheSql()
    {
        // "▁with": its space ends the prefix "concert_singer | ", its word begins the SQL (a WITH query).
        var constraint = Constraint();
        var (afterBar, rejectedAt) = Feed(constraint, "concert_singer |");
        Assert.Equal(-1, rejectedAt);
        var with = PieceId("\u2581with");
        Assert.True(constraint.TryAdvance(afterBar!.Value, with, out var state));
        Assert.Equal("concert_singer | ".Length, state.PrefixMatched);
        Assert.Equal("with".Length, state.Parse.Length);
        Assert.False(constraint.IsComplete(state));

        // A spanning token whose SQL part the parser rejects is rejected as a whole.
        Assert.False(constraint.TryAdvance(afterBar.Value, PieceId("\u2581wine"), out _));
        // Without the trailing space in the prefix, the space goes to the parser.
        var noSpace = Constraint("concert_singer |");
        var (bar, _) = Feed(noSpace, "concert_singer |");
        Assert.True(noSpace.TryAdvance(bar!.Value, with, out var spaced));
        Assert.Equal(" with".Length, spaced.Parse.Length);
    }

    private static int PieceId(string piece)
    {
        for (var id = 0; id < Tokenizer.SentencePiece.VocabularySize; id++)
        {
            if (Tokenizer.IdToPiece(id) == piece)
                return id;
        }
        throw new InvalidOperationException($"the fixture's tokenizer has no piece '{piece}'");
    }

    [Theory]
    [InlineData("stadium | select name from stadium")]
    [InlineData("concert | select name from singer")]
    [InlineData("select name from singer")]
    public void AWrongOrMissingDatabaseIdIsRejected(string output)
    {
        var (_, rejectedAt) = Feed(Constraint(), output);
        Assert.True(rejectedAt >= 0);
    }

    [Fact]
    public void APartialPrefixIsNeverComplete()
    {
        var constraint = Constraint();
        var (state, rejectedAt) = Feed(constraint, "concert_singer");
        Assert.Equal(-1, rejectedAt);
        Assert.Equal("concert_singer".Length, state!.Value.PrefixMatched);
        Assert.False(constraint.IsComplete(state.Value));
        Assert.False(constraint.IsComplete(constraint.InitialState));
    }

    [Theory]
    [InlineData("concert_singer | select nosuch from singer")]
    [InlineData("concert_singer | select name from nosuch")]
    [InlineData("concert_singer | select from from singer")]
    [InlineData("concert_singer | select name singer singer")]
    public void SqlTheParserRejectsIsRejected(string output)
    {
        var (_, rejectedAt) = Feed(Constraint(), output);
        Assert.True(rejectedAt > 0);
    }

    [Fact]
    public void WithoutAPrefixTheFirstPieceLosesItsLeadingSpace()
    {
        var constraint = Constraint("");
        var (state, rejectedAt) = Feed(constraint, "select count(*) from singer");
        Assert.Equal(-1, rejectedAt);
        Assert.Equal("select count(*) from singer".Length, state!.Value.Parse.Length);
        Assert.True(constraint.IsComplete(state.Value));
    }

    [Fact]
    public void ControlTokensAreRejected()
    {
        var constraint = Constraint();
        Assert.False(constraint.TryAdvance(constraint.InitialState, Tokenizer.PadId, out _));
        Assert.False(constraint.TryAdvance(constraint.InitialState, Tokenizer.EosId, out _));
    }

    [Fact]
    public void StatesAreImmutableSoOneParentForksIntoManyChildren()
    {
        var constraint = Constraint();
        var (parent, _) = Feed(constraint, "concert_singer | select name from");
        var singer = Tokenizer.Encode(" singer", addEos: false);
        var stadium = Tokenizer.Encode(" stadium", addEos: false);
        var a = parent!.Value;
        foreach (var id in singer)
            Assert.True(constraint.TryAdvance(a, id, out a));
        var b = parent.Value;
        foreach (var id in stadium)
            Assert.True(constraint.TryAdvance(b, id, out b));
        Assert.True(constraint.IsComplete(a));
        Assert.True(constraint.IsComplete(b));
        Assert.False(constraint.IsComplete(parent.Value));
    }

    [Theory]
    [InlineData("{db_id} | ", "concert_singer", "concert_singer | ")]
    [InlineData("", "concert_singer", "")]
    [InlineData(null, "x", "")]
    public void FormatsThePrefix(string? format, string databaseId, string expected) =>
        Assert.Equal(expected, SqlConstraint.FormatPrefix(format, databaseId));
}
