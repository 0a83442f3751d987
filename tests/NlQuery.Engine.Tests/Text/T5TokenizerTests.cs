using NlQuery.Text;

namespace NlQuery.Tests.Text;

public sealed class T5TokenizerTests
{
    [SharedDataFact]
    public void FollowsT5sConventions()
    {
        var t5 = SpmFixtures.T5Tokenizer;
        Assert.Equal(32100, t5.VocabularySize);
        Assert.Equal((0, 1, 2), (t5.PadId, t5.EosId, t5.UnkId));
        Assert.Equal(32099, t5.ExtraIdToTokenId(0));
        Assert.Equal(32000, t5.ExtraIdToTokenId(99));
        Assert.Equal("<extra_id_0>", t5.IdToPiece(32099));
        Assert.Equal("<extra_id_99>", t5.IdToPiece(32000));

        // "How many singers?" as the official sentencepiece encodes it, then </s>.
        var plain = t5.SentencePiece.EncodeToIds("How many singers?");
        Assert.Equal([.. plain, 1], t5.Encode("How many singers?"));
        Assert.Equal(plain, t5.Encode("How many singers?", addEos: false));
    }

    [SharedDataFact]
    public void SentinelsInTheTextBecomeTheirIds()
    {
        var t5 = SpmFixtures.T5Tokenizer;
        var sp = t5.SentencePiece;
        Assert.Equal([.. sp.EncodeToIds("The "), 32094, .. sp.EncodeToIds(" walks in "), 32099, .. sp.EncodeToIds(" park"), 1],
            t5.Encode("The <extra_id_5> walks in <extra_id_0> park"));
        Assert.Equal([32099, 1], t5.Encode("<extra_id_0>"));
        // Not a sentinel: beyond the 100, or malformed, stays text.
        Assert.Equal([.. sp.EncodeToIds("<extra_id_100>"), 1], t5.Encode("<extra_id_100>"));
        Assert.Equal([.. sp.EncodeToIds("a < b"), 1], t5.Encode("a < b"));
        Assert.Equal([.. sp.EncodeToIds("x"), 1, .. sp.EncodeToIds("y"), 1], t5.Encode("x</s>y"));
    }

    [SharedDataFact]
    public void DecodingSkipsControlIdsAndWritesSentinels()
    {
        var t5 = SpmFixtures.T5Tokenizer;
        Assert.Equal("How many singers?", t5.Decode([0, .. t5.Encode("How many singers?")]));
        Assert.Equal("<extra_id_0> park", t5.Decode(t5.Encode("<extra_id_0> park")));
        Assert.Equal(" park", t5.GetPieceText(t5.SentencePiece.PieceToId("\u2581park")));
    }

    [Fact]
    public void WorksOverAnyUnigramModelWithAnEndOfSentencePiece()
    {
        var t5 = new T5Tokenizer(SpmFixtures.Small, extraIds: 3);
        var size = SpmFixtures.Small.VocabularySize;
        Assert.Equal(size + 3, t5.VocabularySize);
        Assert.Equal(size + 2, t5.ExtraIdToTokenId(0));
        var ids = t5.Encode("show <extra_id_2> names");
        Assert.Equal(size, ids[SpmFixtures.Small.EncodeToIds("show").Length]);
        Assert.Equal(1, ids[^1]);
        // The space before a sentinel is lost on encoding (SentencePiece trims each segment), as with Hugging Face.
        Assert.Equal("show<extra_id_2> names", t5.Decode(ids));
        Assert.Throws<ArgumentOutOfRangeException>(() => t5.ExtraIdToTokenId(3));
    }
}
