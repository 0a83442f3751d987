using NlQuery.Linking;

namespace NlQuery.Tests.Linking;

public sealed class WordStemmerTests
{
    [Theory]
    [InlineData("singers", "singer")]
    [InlineData("countries", "country")]
    [InlineData("movies", "movie")]
    [InlineData("cookies", "cookie")]
    [InlineData("addresses", "address")]
    [InlineData("matches", "match")]
    [InlineData("boxes", "box")]
    [InlineData("people", "person")]
    [InlineData("children", "child")]
    [InlineData("women", "woman")]
    public void PluralsMeetTheirSingular(string plural, string singular) =>
        Assert.Equal(WordStemmer.Stem(singular), WordStemmer.Stem(plural));

    [Theory]
    [InlineData("rating", "rate")]
    [InlineData("rated", "rates")]
    [InlineData("stopped", "stop")]
    [InlineData("running", "run")]
    [InlineData("named", "name")]
    public void VerbFormsMeetTheirStem(string form, string other) =>
        Assert.Equal(WordStemmer.Stem(other), WordStemmer.Stem(form));

    [Theory]
    [InlineData("status")]
    [InlineData("series")]
    [InlineData("address")]
    [InlineData("class")]
    [InlineData("building")]
    [InlineData("id")]
    public void WordsThatOnlyLookInflectedStayWhole(string word) =>
        Assert.Equal(word.TrimEnd('e'), WordStemmer.Stem(word));

    [Fact]
    public void DifferentWordsStayApart()
    {
        Assert.NotEqual(WordStemmer.Stem("singer"), WordStemmer.Stem("song"));
        Assert.NotEqual(WordStemmer.Stem("country"), WordStemmer.Stem("county"));
        Assert.NotEqual(WordStemmer.Stem("order"), WordStemmer.Stem("ordinal"));
    }

    [Fact]
    public void NonAsciiAndDigitsAreLeftAlone()
    {
        Assert.Equal("città", WordStemmer.Stem("città"));
        Assert.Equal("2009s", WordStemmer.Stem("2009s"));
    }
}
