using NlQuery.Linking;

namespace NlQuery.Tests.Linking;

public sealed class QuestionSpanTests
{
    private static string? Widen(string text, string part)
    {
        var start = text.IndexOf(part, StringComparison.Ordinal);
        return QuestionSpan.Widen(text, start, start + part.Length) is { } span ? text.Substring(span.Start, span.Length) : null;
    }

    [Fact]
    public void AWholeWordIsItsOwnSpan()
    {
        Assert.Equal("cat", Widen("who has a cat?", "cat"));
        Assert.Equal("who", Widen("who has a cat?", "who"));
        Assert.Equal("cat", Widen("a 'cat'", "'cat'"));
    }

    [Fact]
    public void APartStartingMidWordIsRejected() => Assert.Null(Widen("the bobcat ran", "cat"));

    [Fact]
    public void APartEndingUpToTwoCharactersBeforeTheWordEndIsWidened()
    {
        Assert.Equal("cats", Widen("many cats here", "cat"));
        Assert.Equal("catss", Widen("many catss here", "cat"));
        Assert.Null(Widen("many catsss here", "cat"));
        Assert.Equal("catss", Widen("catss", "cat"));
        Assert.Null(Widen("catsss", "cat"));
    }

    [Fact]
    public void SeparatorsAreTrimmedFromTheSpan()
    {
        Assert.Equal("new york", Widen("in (new york).", "(new york)"));
        Assert.Equal("cat", Widen("cat's toy", "cat"));
    }

    [Theory]
    [InlineData("apple", "apples", true)]
    [InlineData("(apple", "'apples", true)]
    [InlineData("xapple", "apple", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("..", "..", true)] // all separators: Python compares the last characters
    public void StartsAlikeComparesFirstNonSeparators(string a, string b, bool expected) => Assert.Equal(expected, QuestionSpan.StartsAlike(a, b));
}
