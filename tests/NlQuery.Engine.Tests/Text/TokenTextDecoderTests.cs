using System.Text;
using System.Text.Json;
using NlQuery.Text;

namespace NlQuery.Tests.Text;

public sealed class TokenTextDecoderTests
{
    [Theory]
    [InlineData("spm-small")]
    [InlineData("spm-bytes")]
    public void AppendingOneIdAtATimeEqualsFullDecodingOfEveryPrefix(string modelName)
    {
        var tokenizer = modelName == "spm-small" ? SpmFixtures.Small : SpmFixtures.Bytes;
        var decoder = new TokenTextDecoder(tokenizer);
        var sequences = SpmFixtures.RandomDecodings(modelName).Select(c => c.Ids)
            .Concat(SpmFixtures.Expected(modelName).Select(e => e.Ids))
            .Concat(RandomSequences(tokenizer.VocabularySize, seed: 7, count: 300));
        foreach (var ids in sequences)
            AssertIncrementalAgrees(tokenizer, decoder, ids);
    }

    [Fact]
    public void TheOfficialDecodingsComeOutIncrementallyToo()
    {
        var decoder = new TokenTextDecoder(SpmFixtures.Bytes);
        foreach (var (ids, decoded) in SpmFixtures.RandomDecodings("spm-bytes"))
            Assert.Equal(decoded, decoder.Decode(ids));
    }

    [SharedDataFact]
    public void AgreesWithFullDecodingOnTheT5Reference()
    {
        var t5 = SpmFixtures.T5Tokenizer;
        var decoder = t5.TextDecoder;
        var lines = 0;
        foreach (var line in File.ReadLines(SpmFixtures.T5ReferencePath))
        {
            using var json = JsonDocument.Parse(line);
            var ids = json.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            AssertIncrementalAgrees(t5.SentencePiece, decoder, [.. ids, t5.EosId]);
            Assert.Equal(json.RootElement.GetProperty("decoded").GetString(), decoder.Decode(ids));
            lines++;
        }
        Assert.True(lines > 1000);
    }

    [Fact]
    public void TheLeadingSpaceIsDroppedOnlyAtTheStart()
    {
        var tokenizer = SpmFixtures.Small;
        var decoder = new TokenTextDecoder(tokenizer);
        var names = tokenizer.PieceToId("\u2581names");
        Assert.NotEqual(tokenizer.UnkId, names);
        Assert.Equal(" names", decoder.GetPieceText(names));

        var state = default(TokenTextState);
        Assert.True(state.IsEmpty);
        Assert.Equal("", decoder.Append(ref state, tokenizer.PadId));
        Assert.True(state.IsEmpty);
        Assert.Equal("names", decoder.Append(ref state, names));
        Assert.False(state.IsEmpty);
        Assert.Equal(" names", decoder.Append(ref state, names));
    }

    [Fact]
    public void StatesAreValuesThatForkWithBeams()
    {
        var tokenizer = SpmFixtures.Small;
        var decoder = new TokenTextDecoder(tokenizer);
        var ids = tokenizer.EncodeToIds("SELECT name FROM singer");
        var state = default(TokenTextState);
        foreach (var id in ids[..2])
            decoder.Append(ref state, id);
        var fork = state;
        var left = decoder.Append(ref state, ids[2]);
        var right = decoder.Append(ref fork, ids[2]);
        Assert.Equal(left, right);
        Assert.Equal(state, fork);
    }

    [Fact]
    public void BytePiecesCompleteACharacterWithItsLastByte()
    {
        var tokenizer = SpmFixtures.Bytes;
        var decoder = new TokenTextDecoder(tokenizer);
        var snowman = Encoding.UTF8.GetBytes("\u2603").Select(b => tokenizer.PieceToId($"<0x{b:X2}>")).ToArray();
        var state = default(TokenTextState);
        Assert.Equal("", decoder.Append(ref state, snowman[0]));
        Assert.Equal("", decoder.Append(ref state, snowman[1]));
        Assert.False(state.IsEmpty);
        Assert.Equal("\u2603", decoder.Append(ref state, snowman[2]));

        var cut = default(TokenTextState);
        decoder.Append(ref cut, snowman[0]);
        Assert.Equal("\uFFFD", decoder.Finish(cut));
    }

    [Fact]
    public void RejectsIdsOutsideTheVocabulary()
    {
        var decoder = new TokenTextDecoder(SpmFixtures.Small);
        var state = default(TokenTextState);
        Assert.Throws<ArgumentOutOfRangeException>(() => decoder.Append(ref state, decoder.VocabularySize));
        Assert.Throws<ArgumentOutOfRangeException>(() => decoder.GetPieceText(-1));
    }

    private static void AssertIncrementalAgrees(SentencePieceTokenizer tokenizer, TokenTextDecoder decoder, int[] ids)
    {
        var state = default(TokenTextState);
        var text = new StringBuilder();
        for (var i = 0; i < ids.Length; i++)
        {
            text.Append(decoder.Append(ref state, ids[i]));
            var expected = tokenizer.Decode(ids.AsSpan(0, i + 1));
            var actual = text + decoder.Finish(state);
            Assert.True(expected == actual,
                $"after [{string.Join(' ', ids[..(i + 1)])}]: incremental \"{actual}\", full decode \"{expected}\"");
        }
    }

    private static IEnumerable<int[]> RandomSequences(int vocabularySize, int seed, int count)
    {
        var random = new Random(seed);
        for (var n = 0; n < count; n++)
        {
            var ids = new int[random.Next(1, 16)];
            for (var i = 0; i < ids.Length; i++)
                ids[i] = random.NextDouble() < 0.5 ? random.Next(Math.Min(vocabularySize, 300)) : random.Next(vocabularySize);
            yield return ids;
        }
    }
}
