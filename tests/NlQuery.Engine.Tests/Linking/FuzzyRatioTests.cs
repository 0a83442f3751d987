using NlQuery.Linking;

namespace NlQuery.Tests.Linking;

public sealed class FuzzyRatioTests
{
    [Theory]
    [InlineData("abc", "abc", 3)]
    [InlineData("axbycz", "abc", 3)] // a subsequence, not a substring
    [InlineData("abc", "cba", 1)]
    [InlineData("", "abc", 0)]
    [InlineData("kitten", "sitting", 4)]
    public void LongestCommonSubsequence(string a, string b, int expected)
    {
        Assert.Equal(expected, FuzzyRatio.LongestCommonSubsequence(a, b));
        Assert.Equal(expected, FuzzyRatio.LongestCommonSubsequence(b, a));
    }

    [Fact]
    public void RatioIsTwiceTheLcsOverTheTotalLength()
    {
        Assert.Equal(100, FuzzyRatio.Compute("abc", "abc"));
        Assert.Equal(2 * 2 / 6.0 * 100, FuzzyRatio.Compute("abc", "abd"));
        Assert.Equal(0, FuzzyRatio.Compute("abc", ""));
        Assert.Equal(100, FuzzyRatio.Compute("", ""));
        // Case matters: callers lower-case first.
        Assert.Equal(0, FuzzyRatio.Compute("ABC", "abc"));
    }

    [Fact]
    public void EdgeOfThresholdRoundsAsPython()
    {
        // 2·17/40·100/100 is exactly 0.85 in doubles, as in Python: the threshold test must keep it.
        var ratio = FuzzyRatio.Compute("abcdefghijklmnopqrstuvw", "abcdefghijklmnopq") / 100;
        Assert.True(ratio >= 0.85, $"ratio {ratio:R}");
        Assert.True(FuzzyRatio.Compute("abcdefghijklmnopqrstuvwx", "abcdefghijklmnopq") / 100 < 0.85);
    }

    [Fact]
    public void LongInputsUseTheHeapAndStayCorrect()
    {
        var a = new string('a', 400) + "xyz";
        var b = "xyz" + new string('a', 300);
        Assert.Equal(300, FuzzyRatio.LongestCommonSubsequence(a, b));
    }
}
