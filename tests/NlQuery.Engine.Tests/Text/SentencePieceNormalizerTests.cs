using NlQuery.Text;

namespace NlQuery.Tests.Text;

public sealed class SentencePieceNormalizerTests
{
    [Theory]
    // Rules from tests/fixtures/spm-small/rules.tsv, compiled into the model's charsmap by spm_train.
    [InlineData("ＳＥＬＥＣＴ ａｂｃ", "\u2581SELECT\u2581abc")]
    [InlineData("ﬁnance", "\u2581finance")]
    [InlineData("a\u00A0b\u3000c\td", "\u2581a\u2581b\u2581c\u2581d")]
    [InlineData("\u2264 \u2265", "\u2581<=\u2581>=")]
    // A two-character source (A + combining acute) wins over the one-character prefix it starts with.
    [InlineData("A\u0301", "\u2581\u00C1")]
    [InlineData("A", "\u2581A")]
    // Whitespace: leading and trailing removed, runs collapsed, a dummy ▁ prefixed.
    [InlineData("   two    words  ", "\u2581two\u2581words")]
    [InlineData("", "")]
    [InlineData("  \t ", "")]
    // User-defined symbols pass through untouched.
    [InlineData("x<sep>y", "\u2581x<sep>y")]
    public void NormalisesAsTheModelSays(string input, string expected) =>
        Assert.Equal(expected, new SentencePieceNormalizer(SentencePieceModel.Load(SpmFixtures.SmallModelPath)).Normalize(input));

    [Fact]
    public void AnIdentityModelKeepsExtraWhitespaceWhenToldTo()
    {
        var normalizer = new SentencePieceNormalizer(SentencePieceModel.Load(SpmFixtures.BytesModelPath));
        Assert.Equal("\u2581\u2581a\u2581\u2581b\u2581", normalizer.Normalize(" a  b "));
        Assert.Equal("\u2581ＡＢ", normalizer.Normalize("ＡＢ"));
    }

    [SharedDataFact]
    public void AppliesT5sNmtNfkc()
    {
        var normalizer = SpmFixtures.T5Tokenizer.SentencePiece.Normalizer;
        Assert.Equal("\u2581Full-width\u2581ABC123\u2581and\u2581ideographic\u2581space",
            normalizer.Normalize("Full-width ＡＢＣ１２３ and ideographic\u3000space"));
        Assert.Equal("\u2581zero\u2581width", normalizer.Normalize("zero\u200bwidth"));
        Assert.Equal("\u25811\u20442", normalizer.Normalize("\u00BD"));
        Assert.Equal("\u2581TM\u2581\u00B0C", normalizer.Normalize("\u2122 \u2103"));
    }
}
