using NlQuery.Linking;

namespace NlQuery.Tests.Linking;

public sealed class LongestCommonSubstringTests
{
    [Fact]
    public void FindsTheLongestBlockEarliestInAThenInB()
    {
        Assert.Equal(new LongestCommonSubstring.Block(2, 0, 3), LongestCommonSubstring.Find("xxabcxx", "abc"));
        // Two blocks of length 2 in a: the earlier one wins.
        Assert.Equal(new LongestCommonSubstring.Block(0, 2, 2), LongestCommonSubstring.Find("ab cd", "cdab"));
        // One block in a that occurs twice in b: the earlier position in b wins.
        Assert.Equal(new LongestCommonSubstring.Block(0, 0, 2), LongestCommonSubstring.Find("ab", "abab"));
        Assert.Equal(0, LongestCommonSubstring.Find("abc", "xyz").Size);
        Assert.Equal(0, LongestCommonSubstring.Find("abc", "").Size);
    }

    [Fact]
    public void AutojunkIgnoresPopularCharactersOfLongValuesButExtendsOverThem()
    {
        // 200 characters, 198 of them 'e' (more than 200/100 + 1): 'e' cannot form the core of a match.
        var value = "az" + new string('e', 198);
        var popular = LongestCommonSubstring.FindPopular(value);
        Assert.Equal(['e'], popular!);
        // Without autojunk "eeeee" (5) would win; with it the core is "az".
        Assert.Equal(new LongestCommonSubstring.Block(6, 0, 2), LongestCommonSubstring.Find("eeeee az", value, popular));
        Assert.Equal(new LongestCommonSubstring.Block(0, 2, 5), LongestCommonSubstring.Find("eeeee az", value, popular: null));
        // The core is then extended over equal neighbours, popular or not.
        Assert.Equal(new LongestCommonSubstring.Block(1, 0, 4), LongestCommonSubstring.Find("xazee", value, popular));
    }

    [Fact]
    public void WithNoUsableCoreTheMatchGrowsFromTheStart()
    {
        var value = string.Concat(Enumerable.Repeat("eeexyzabcd", 20)); // every character is popular
        var popular = LongestCommonSubstring.FindPopular(value);
        Assert.Equal(new LongestCommonSubstring.Block(0, 0, 2), LongestCommonSubstring.Find("eeq", value, popular));
        Assert.Equal(0, LongestCommonSubstring.Find("qee", value, popular).Size);
    }

    [Fact]
    public void ShortValuesHaveNoPopularCharacters() => Assert.Null(LongestCommonSubstring.FindPopular(new string('a', 199)));
}
