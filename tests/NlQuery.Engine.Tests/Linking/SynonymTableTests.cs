using NlQuery.Linking;

namespace NlQuery.Tests.Linking;

public sealed class SynonymTableTests
{
    [Fact]
    public void GroupsWorkBothWaysAndByStem()
    {
        var table = new SynonymTable([["movie", "film"], ["department", "dept"]]);
        // Lookups are by stem: "movie" is filed as "movi".
        Assert.Equal(["film"], table.Of(WordStemmer.Stem("movie")));
        Assert.Equal([WordStemmer.Stem("movie")], table.Of("film"));
        Assert.Empty(table.Of("movie"));
        Assert.Contains("dept", table.Of(WordStemmer.Stem("departments")));
        Assert.Empty(table.Of("singer"));
    }

    [Fact]
    public void WordsInTwoGroupsGetBothGroups()
    {
        var table = new SynonymTable([["singer", "artist"], ["musician", "artist"]]);
        Assert.Equal(["musician", "singer"], table.Of("artist"));
    }

    [Fact]
    public void TheDefaultTableKnowsCommonDatabaseWords()
    {
        var table = SynonymTable.Default;
        Assert.Contains(WordStemmer.Stem("film"), table.Of(WordStemmer.Stem("movie")));
        Assert.Contains(WordStemmer.Stem("department"), table.Of("dept"));
        Assert.Contains(WordStemmer.Stem("country"), table.Of(WordStemmer.Stem("nationality")));
    }
}
