using NlQuery.SqlServer.Internal;

namespace NlQuery.SqlServer.Tests;

/// <summary>The SQL types dbo.nl_ask gives the columns, read off the JSON values, and how values read as text.</summary>
public sealed class NlAnswerTests
{
    [Fact]
    public void EachColumnGetsTheNarrowestTypeItsValuesFit()
    {
        var answer = new NlAnswer("SELECT …", ["id", "price", "label", "in_stock", "empty", "mixed"],
        [
            [1L, 2L, "a", true, null, 1L],
            [2L, 2.5, null, false, null, "one"],
            [null, null, "c", null, null, 2L],
        ]);

        Assert.Equal([ColumnKind.Integer, ColumnKind.Float, ColumnKind.Text, ColumnKind.Boolean, ColumnKind.Text, ColumnKind.Text], answer.ColumnKinds());
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("text", "text")]
    [InlineData(42L, "42")]
    [InlineData(0.1, "0.1")]
    [InlineData(true, "true")]
    public void ValuesReadAsInvariantText(object? value, string? expected) => Assert.Equal(expected, ValueText.Format(value));
}
