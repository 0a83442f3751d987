using System.Text;
using NlQuery.Text;

namespace NlQuery.Tests.Text;

public sealed class PrecompiledCharsMapTests
{
    // The charsmap spm_train compiled from tests/fixtures/spm-small/rules.tsv.
    private static readonly PrecompiledCharsMap Map =
        PrecompiledCharsMap.Parse(SentencePieceModel.Load(SpmFixtures.SmallModelPath).NormalizerSpec.PrecompiledCharsMap.Span);

    [Theory]
    [InlineData("\uFF33rest", "\uFF33", "S")]
    [InlineData("\uFB01x", "\uFB01", "fi")]
    [InlineData("\u2264", "\u2264", "<=")]
    [InlineData("\u00A0", "\u00A0", " ")]
    [InlineData("A\u0301!", "A\u0301", "\u00C1")]
    public void ReplacesTheLongestMatchingSource(string input, string source, string replacement)
    {
        var length = Map.LongestPrefix(Encoding.UTF8.GetBytes(input), out var replaced);
        Assert.Equal(Encoding.UTF8.GetByteCount(source), length);
        Assert.Equal(replacement, Encoding.UTF8.GetString(replaced));
    }

    [Theory]
    [InlineData("A")]
    [InlineData("plain")]
    [InlineData("\u0416")]
    [InlineData("")]
    public void LeavesOtherTextAlone(string input) =>
        Assert.Equal(0, Map.LongestPrefix(Encoding.UTF8.GetBytes(input), out _));

    [Fact]
    public void RejectsABlobWhoseTrieDoesNotFit()
    {
        Assert.Throws<InvalidDataException>(() => PrecompiledCharsMap.Parse([1, 2]));
        var e = Assert.Throws<InvalidDataException>(() => PrecompiledCharsMap.Parse([0x00, 0x10, 0, 0, 1, 2, 3, 4]));
        Assert.Contains("does not fit", e.Message, StringComparison.Ordinal);
    }
}
