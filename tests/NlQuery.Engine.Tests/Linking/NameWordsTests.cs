using NlQuery.Linking;

namespace NlQuery.Tests.Linking;

public sealed class NameWordsTests
{
    [Theory]
    [InlineData("song_release_year", "song release year")]
    [InlineData("SongReleaseYear", "song release year")]
    [InlineData("songReleaseYear", "song release year")]
    [InlineData("HTMLPage", "html page")]
    [InlineData("address2_line", "address 2 line")]
    [InlineData("concert_singer__singer", "concert singer singer")]
    [InlineData("Singer_ID", "singer id")]
    [InlineData("DEPT_NO", "dept no")]
    public void SplitsSnakeCamelPascalAndDigits(string name, string expected) =>
        Assert.Equal(expected.Split(' '), NameWords.Split(name));

    [Theory]
    [InlineData("What is the singer's name?", "what is the singer name")]
    [InlineData("How many singers' songs?", "how many singers songs")]
    [InlineData("Don't stop", "don stop")]
    [InlineData("Who is O'Brien?", "who is obrien")]
    public void QuestionsLoseTheirPossessivesAndPunctuation(string question, string expected) =>
        Assert.Equal(expected.Split(' '), NameWords.Split(question));

    [Fact]
    public void EmptyAndPunctuationOnlyGiveNoWords()
    {
        Assert.Empty(NameWords.Split(""));
        Assert.Empty(NameWords.Split(" ,;_-"));
    }
}
