using NlQuery.Cli.Commands;
using NlQuery.Schema;
using NlQuery.Sql;

namespace NlQuery.Cli.Tests.Commands;

/// <summary>The verdict line for one statement, in-process (the process-level contract is in SqlCheckCommandTests).</summary>
public sealed class SqlLineCheckerTests
{
    private static readonly SqlParser Parser = new(SqlDialect.Sqlite, ParseMode.Guards, new DatabaseSchema("s",
        [new Table("singer", [new Column("singer_id", "int", true), new Column("name", "text")])]));

    [Theory]
    [InlineData("SELECT name FROM singer", false, "complete")]
    [InlineData("SELECT name FROM singer", true, "complete")]
    [InlineData("SELECT name FROM", true, "partial")]
    [InlineData("", true, "invalid: empty statement")]
    [InlineData("   \t ", false, "invalid: empty statement")]
    public void GivesTheContractVerdict(string sql, bool prefixes, string expected) =>
        Assert.Equal(expected, SqlLineChecker.Check(Parser, sql, prefixes));

    [Fact]
    public void PrefixOffsetIsTheLengthOfTheShortestRejectedPrefix()
    {
        var verdict = SqlLineChecker.Check(Parser, "SELECT name FROM singer )", everyPrefix: true);
        Assert.StartsWith("invalid: prefix at 25: ", verdict);
    }

    [Fact]
    public void PrefixesNeverSplitASurrogatePair()
    {
        // The emoji is one character of two UTF-16 units; no prefix ends between them.
        Assert.Equal("complete", SqlLineChecker.Check(Parser, "SELECT name FROM singer WHERE name = '\uD83D\uDE00'", everyPrefix: true));
    }

    [Fact]
    public void ReasonsStayOnOneLine() =>
        Assert.Equal("a b c", SqlLineChecker.OneLine("a\nb\r\nc"));
}
