using NlQuery.Linking;

namespace NlQuery.Tests.Linking;

public sealed class TargetNormalizerTests
{
    [Theory]
    [InlineData("SELECT count(*) FROM singer", "select count(*) from singer")]
    [InlineData("SELECT name ,  country ,  age FROM singer ORDER BY age DESC", "select name, country, age from singer order by age desc")]
    [InlineData("SELECT T1.Name FROM Singer AS T1\n\tWHERE T1.Age  >  20", "select t1.name from singer as t1 where t1.age > 20")]
    [InlineData("SELECT * FROM a WHERE b = 'France'", "select * from a where b = 'France'")]
    [InlineData("SELECT * FROM a WHERE b = \"USA\"", "select * from a where b = \"USA\"")]
    public void LowerCasesOutsideQuotesCollapsesSpacesAndFixesCommas(string sql, string expected) =>
        Assert.Equal(expected, TargetNormalizer.Normalize(sql));

    [Fact]
    public void WordsInsideQuotesAreLowerCasedUnlessTheyTouchAQuote() =>
        // PICARD's rule looks at the characters next to each word, not at whether it sits inside a literal.
        Assert.Equal("select * from a where b = 'New york City'", TargetNormalizer.Normalize("SELECT * FROM a WHERE b = 'New York City'"));

    [Fact]
    public void OnlySpaceCommaSpaceIsRewritten()
    {
        Assert.Equal("a, b,c ,d", TargetNormalizer.Normalize("A , B,C ,D"));
        Assert.Equal("a, , b", TargetNormalizer.Normalize("a , , b"));
    }

    [Fact]
    public void SerializerTargetPrefixesTheDatabaseId()
    {
        Assert.Equal("concert_singer | select count(*) from singer", PicardSerializer.Default.SerializeTarget("concert_singer", "SELECT count(*) FROM singer"));
        var raw = new PicardSerializer(new PicardSerializerOptions { NormalizeNames = false, TargetIncludesDatabaseId = false });
        Assert.Equal("SELECT  count(*) FROM singer", raw.SerializeTarget("concert_singer", "SELECT  count(*) FROM singer"));
    }
}
