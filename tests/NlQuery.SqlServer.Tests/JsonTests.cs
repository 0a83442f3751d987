using NlQuery.SqlServer.Internal;

namespace NlQuery.SqlServer.Tests;

/// <summary>The hand-written JSON reader and writer the add-in uses in place of a JSON library.</summary>
public sealed class JsonTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("quote \" backslash \\ slash /")]
    [InlineData("lines\r\n\ttab \u0001 \u001f")]
    [InlineData("ünïcödé 漢字 😀")]
    public void AQuotedStringReadsBackAsItWas(string text) => Assert.Equal(text, Json.Parse(Json.Quote(text)));

    [Fact]
    public void EscapesAndNumbersAreRead()
    {
        var values = Assert.IsType<List<object?>>(Json.Parse("""["\u00e9\ud83d\ude00\/\b\f", 0, -12, 9223372036854775807, 9223372036854775808, 1.5e3, -0.25, true, false, null]"""));

        Assert.Equal(new object?[] { "é😀/\b\f", 0L, -12L, long.MaxValue, 9223372036854775808d, 1500d, -0.25d, true, false, null }, values);
    }

    [Theory]
    [InlineData("", "the document ends where a value should be at character 1")]
    [InlineData("{\"a\" 1}", "expected ':' but found '1' at character 6")]
    [InlineData("[1,]", "unexpected character ']' at character 4")]
    [InlineData("\"open", "a string is not closed at character 6")]
    [InlineData("\"a\nb\"", "a control character inside a string must be escaped at character 3")]
    [InlineData("\"\\x\"", "unknown escape '\\x' at character 4")]
    [InlineData("\"\\u12\"", "\\u must be followed by four hex digits at character 4")]
    [InlineData("1.2.3", "'1.2.3' is not a number at character 1")]
    [InlineData("nul", "unexpected character 'n' at character 1")]
    [InlineData("{} {}", "unexpected text after the JSON value at character 4")]
    public void BrokenJsonSaysWhatAndWhere(string text, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => Json.Parse(text)).Message);

    [Fact]
    public void NestingIsBounded()
    {
        Assert.IsType<List<object?>>(Json.Parse(new string('[', 64) + new string(']', 64)));
        Assert.StartsWith("nested deeper than 64 levels", Assert.Throws<FormatException>(() => Json.Parse(new string('[', 66) + new string(']', 66))).Message);
    }
}
