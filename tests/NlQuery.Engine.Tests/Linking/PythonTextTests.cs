using NlQuery.Linking;

namespace NlQuery.Tests.Linking;

public sealed class PythonTextTests
{
    [Theory]
    [InlineData("12", true)]
    [InlineData(" -3.5 ", true)]
    [InlineData(".5", true)]
    [InlineData("5.", true)]
    [InlineData("1e5", true)]
    [InlineData("1E-5", true)]
    [InlineData("1_000", true)]
    [InlineData("inf", true)]
    [InlineData("-Infinity", true)]
    [InlineData("NaN", true)]
    [InlineData("1__000", false)]
    [InlineData("_1", false)]
    [InlineData("1_", false)]
    [InlineData(".", false)]
    [InlineData("1e", false)]
    [InlineData("12a", false)]
    [InlineData("infinit", false)]
    [InlineData("", false)]
    [InlineData("1,000", false)] // the matcher removes commas before asking
    public void IsFloatFollowsPythonsFloatGrammar(string text, bool expected) => Assert.Equal(expected, PythonText.IsFloat(text));

    [Fact]
    public void StripRemovesPythonWhitespaceIncludingInformationSeparators()
    {
        Assert.Equal("a b", PythonText.Strip("\u001c\t a b \u00a0\n"));
        Assert.Equal("", PythonText.Strip(" \u001f "));
        Assert.Equal(["a", "b"], PythonText.SplitOnWhitespace("  a \u001e\t b "));
    }

    [Theory]
    [InlineData("ABC", true)]
    [InlineData("AB 12", true)]
    [InlineData("123", false)]
    [InlineData("AbC", false)]
    [InlineData("", false)]
    public void IsUpperNeedsACasedCharacterAndNoLowerCase(string text, bool expected) => Assert.Equal(expected, PythonText.IsUpper(text));

    [Fact]
    public void SliceClampsLikePython()
    {
        Assert.Equal("bc", PythonText.Slice("abc", 1, 10));
        Assert.Equal("", PythonText.Slice("abc", 5, 7));
        Assert.Equal("", PythonText.Slice("abc", 2, 1));
    }
}
