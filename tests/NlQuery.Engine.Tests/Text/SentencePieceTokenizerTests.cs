using System.Text.Json;
using NlQuery.Text;
using Xunit.Abstractions;

namespace NlQuery.Tests.Text;

public sealed class SentencePieceTokenizerTests(ITestOutputHelper output)
{
    [SharedDataFact]
    public void ReproducesEveryLineOfTheT5Reference()
    {
        var tokenizer = SpmFixtures.T5Tokenizer.SentencePiece;
        int lines = 0, idsEqual = 0, piecesEqual = 0, decodedEqual = 0;
        var failures = new List<string>();
        foreach (var line in File.ReadLines(SpmFixtures.T5ReferencePath))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var text = root.GetProperty("text").GetString()!;
            var ids = root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var pieces = root.GetProperty("pieces").EnumerateArray().Select(e => e.GetString()!).ToArray();
            var decoded = root.GetProperty("decoded").GetString()!;
            lines++;

            var actualIds = tokenizer.EncodeToIds(text);
            if (actualIds.SequenceEqual(ids)) idsEqual++;
            else failures.Add($"ids of {JsonSerializer.Serialize(text)}: [{string.Join(' ', actualIds)}] expected [{string.Join(' ', ids)}]");
            if (tokenizer.EncodeToPieces(text).SequenceEqual(pieces)) piecesEqual++;
            else failures.Add($"pieces of {JsonSerializer.Serialize(text)}: {string.Join(' ', tokenizer.EncodeToPieces(text))}");
            var actualDecoded = tokenizer.Decode(ids);
            if (actualDecoded == decoded) decodedEqual++;
            else failures.Add($"decoded of {JsonSerializer.Serialize(text)}: {JsonSerializer.Serialize(actualDecoded)} expected {JsonSerializer.Serialize(decoded)}");
        }
        output.WriteLine($"T5 reference: {lines} lines; ids equal {idsEqual}, pieces equal {piecesEqual}, decoded equal {decodedEqual}");
        foreach (var failure in failures.Take(20))
            output.WriteLine(failure);
        Assert.True(lines > 1000, $"the reference file has only {lines} lines");
        Assert.Equal(lines, idsEqual);
        Assert.Equal(lines, piecesEqual);
        Assert.Equal(lines, decodedEqual);
    }

    [SharedDataFact]
    public void ReproducesTheOfficialEncoderOnRandomUnicode()
    {
        // tests/fixtures/t5-fuzz: our own seeded random texts, encoded and decoded by the official sentencepiece.
        var tokenizer = SpmFixtures.T5Tokenizer.SentencePiece;
        var path = Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "t5-fuzz", "t5-fuzz.jsonl");
        int lines = 0, equal = 0;
        foreach (var line in File.ReadLines(path))
        {
            using var json = JsonDocument.Parse(line);
            var text = json.RootElement.GetProperty("text").GetString()!;
            var ids = json.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var decoded = json.RootElement.GetProperty("decoded").GetString()!;
            lines++;
            var actual = tokenizer.EncodeToIds(text);
            if (actual.SequenceEqual(ids) && tokenizer.Decode(ids) == decoded)
                equal++;
            else
                output.WriteLine($"{JsonSerializer.Serialize(text)}: [{string.Join(' ', actual)}] expected [{string.Join(' ', ids)}]; decoded {JsonSerializer.Serialize(tokenizer.Decode(ids))} expected {JsonSerializer.Serialize(decoded)}");
        }
        output.WriteLine($"t5-fuzz: {equal}/{lines} lines equal");
        Assert.Equal(600, lines);
        Assert.Equal(lines, equal);
    }

    [Theory]
    [InlineData("spm-small")]
    [InlineData("spm-bytes")]
    public void ReproducesTheOfficialEncoderOnOurOwnModels(string modelName)
    {
        var tokenizer = modelName == "spm-small" ? SpmFixtures.Small : SpmFixtures.Bytes;
        var expected = SpmFixtures.Expected(modelName);
        var mismatches = expected
            .Where(e => !tokenizer.EncodeToIds(e.Text).SequenceEqual(e.Ids))
            .Select(e => $"{e.Text}: [{string.Join(' ', tokenizer.EncodeToIds(e.Text))}] expected [{string.Join(' ', e.Ids)}]")
            .ToList();
        output.WriteLine($"{modelName}: {expected.Count - mismatches.Count}/{expected.Count} lines equal");
        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData("spm-small")]
    [InlineData("spm-bytes")]
    public void DecodesAsTheOfficialDecoderOnOurOwnModels(string modelName)
    {
        var tokenizer = modelName == "spm-small" ? SpmFixtures.Small : SpmFixtures.Bytes;
        foreach (var (text, ids, decoded) in SpmFixtures.Expected(modelName))
            Assert.True(decoded == tokenizer.Decode(ids), $"{modelName} decoding the ids of \"{text}\": \"{tokenizer.Decode(ids)}\" expected \"{decoded}\"");
    }

    [Theory]
    [InlineData("spm-small")]
    [InlineData("spm-bytes")]
    public void DecodesRandomIdSequencesAsTheOfficialDecoder(string modelName)
    {
        var tokenizer = modelName == "spm-small" ? SpmFixtures.Small : SpmFixtures.Bytes;
        var cases = SpmFixtures.RandomDecodings(modelName);
        foreach (var (ids, decoded) in cases)
            Assert.True(decoded == tokenizer.Decode(ids), $"{modelName} decoding [{string.Join(' ', ids)}]: \"{tokenizer.Decode(ids)}\" expected \"{decoded}\"");
        Assert.Equal(60, cases.Count);
    }

    [Fact]
    public void UserDefinedSymbolsAreKeptWhole()
    {
        var tokenizer = SpmFixtures.Small;
        var sep = tokenizer.PieceToId("<sep>");
        Assert.Equal(SentencePieceType.UserDefined, tokenizer.GetPieceType(sep));
        Assert.Contains(sep, tokenizer.EncodeToIds("first<sep>second"));
        Assert.Contains("!=", tokenizer.EncodeToPieces("a != b"));
    }

    [Fact]
    public void RunsOfUnknownCharactersBecomeOneUnknownPiece()
    {
        var tokenizer = SpmFixtures.Small;
        var ids = tokenizer.EncodeToIds("\u0416\u0416\u0416");
        Assert.Equal(1, ids.Count(id => id == tokenizer.UnkId));
        Assert.Contains(tokenizer.EncodeToPieces("\u0416\u0416\u0416"), p => p.Contains("\u0416\u0416\u0416", StringComparison.Ordinal));
        Assert.Contains(" \u2047 ", tokenizer.Decode(ids), StringComparison.Ordinal);
    }

    [Fact]
    public void ByteFallbackSpellsUnknownCharactersInBytes()
    {
        var tokenizer = SpmFixtures.Bytes;
        var ids = tokenizer.EncodeToIds("\u2603");
        Assert.Equal(3, ids.Count(id => tokenizer.GetPieceType(id) == SentencePieceType.Byte));
        Assert.DoesNotContain(tokenizer.UnkId, ids);
        Assert.EndsWith("\u2603", tokenizer.Decode(ids), StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyAndBlankTextEncodeToNothing()
    {
        Assert.Empty(SpmFixtures.Small.EncodeToIds(""));
        Assert.Empty(SpmFixtures.Small.EncodeToIds("   \t "));
    }

    [Fact]
    public void SpecialIdsComeFromTheModel()
    {
        var tokenizer = SpmFixtures.Small;
        Assert.Equal(0, tokenizer.PadId);
        Assert.Equal(1, tokenizer.EosId);
        Assert.Equal(2, tokenizer.UnkId);
        Assert.Equal(-1, tokenizer.BosId);
        Assert.Equal("</s>", tokenizer.IdToPiece(1));
        Assert.Equal(tokenizer.UnkId, tokenizer.PieceToId("no such piece"));
    }

    [Fact]
    public void DecodeSkipsControlPiecesAndRejectsIdsOutsideTheVocabulary()
    {
        var tokenizer = SpmFixtures.Small;
        var ids = tokenizer.EncodeToIds("How many singers");
        Assert.Equal("How many singers", tokenizer.Decode([tokenizer.PadId, .. ids, tokenizer.EosId]));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([tokenizer.VocabularySize]));
        Assert.Contains("outside the vocabulary", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesModelsThatAreNotUnigram()
    {
        var bytes = File.ReadAllBytes(SpmFixtures.SmallModelPath);
        var bpe = SentencePieceModelTests.WithTrainerField(bytes, field: 3, value: 2); // model_type = BPE
        var model = SentencePieceModel.Parse(bpe, "bpe.model");
        var e = Assert.Throws<InvalidDataException>(() => new SentencePieceTokenizer(model));
        Assert.Contains("BPE", e.Message, StringComparison.Ordinal);
        Assert.Contains("bpe.model", e.Message, StringComparison.Ordinal);
    }
}
