using NlQuery.Llm.Internal;

namespace NlQuery.Llm.Tests.Internal;

public sealed class SqlExtractorTests
{
    [Theory]
    [InlineData("```sql\nSELECT name FROM customers;\n```", "SELECT name FROM customers")]
    [InlineData("Sure! Here it is:\n```SQL\nSELECT 1\n```\nThis counts nothing.", "SELECT 1")]
    [InlineData("```\nSELECT a FROM t\n```", "SELECT a FROM t")]
    [InlineData("Here is the query: SELECT count(*) FROM orders; It counts the orders.", "SELECT count(*) FROM orders")]
    [InlineData("The answer:\n\nSELECT city\nFROM customers\n\nThis lists each city.", "SELECT city\nFROM customers")]
    [InlineData("`SELECT 2`", "SELECT 2")]
    [InlineData("SELECT 'a;b' FROM t; DROP TABLE t", "SELECT 'a;b' FROM t")]
    [InlineData("I would run DELETE FROM orders to do that.", "DELETE FROM orders to do that.")]
    public void FindsTheStatement(string reply, string expected) => Assert.Equal(expected, SqlExtractor.Extract(reply));

    [Fact]
    public void PrefersTheSqlBlockOverOtherCode() =>
        Assert.Equal("SELECT x FROM y", SqlExtractor.Extract("```python\nprint(1)\n```\nand\n```sql\nSELECT x FROM y\n```"));

    [Theory]
    [InlineData("I cannot answer that from this database.")]
    [InlineData("")]
    public void NoStatementIsNull(string reply) => Assert.Null(SqlExtractor.Extract(reply));
}
