using System.Text;
using NlQuery.Text;

namespace NlQuery.Tests.Text;

public sealed class SentencePieceModelTests
{
    [SharedDataFact]
    public void ReadsT5sModel()
    {
        var model = SentencePieceModel.Load(SpmFixtures.T5ModelPath);
        Assert.Equal(32000, model.Pieces.Count);
        Assert.Equal(SentencePieceModelType.Unigram, model.TrainerSpec.ModelType);
        Assert.Equal(new SentencePiece("<pad>", 0, SentencePieceType.Control), model.Pieces[0]);
        Assert.Equal(new SentencePiece("</s>", 0, SentencePieceType.Control), model.Pieces[1]);
        Assert.Equal(SentencePieceType.Unknown, model.Pieces[2].Type);
        Assert.Equal("\u2581", model.Pieces[3].Piece);
        Assert.Equal((0, 1, 2), (model.TrainerSpec.PadId, model.TrainerSpec.EosId, model.TrainerSpec.UnkId));
        Assert.Equal("nmt_nfkc", model.NormalizerSpec.Name);
        Assert.True(model.NormalizerSpec.PrecompiledCharsMap.Length > 100_000);
        Assert.True(model.NormalizerSpec.AddDummyPrefix);
        Assert.True(model.NormalizerSpec.RemoveExtraWhitespaces);
        Assert.False(model.TrainerSpec.ByteFallback);
    }

    [Fact]
    public void ReadsAModelOurTrainerBuilt()
    {
        var model = SentencePieceModel.Load(SpmFixtures.SmallModelPath);
        Assert.Equal(SentencePieceModelType.Unigram, model.TrainerSpec.ModelType);
        Assert.Equal(SentencePieceType.UserDefined, model.Pieces.Single(p => p.Piece == "<sep>").Type);
        Assert.Equal(SentencePieceType.UserDefined, model.Pieces.Single(p => p.Piece == "!=").Type);
        Assert.False(model.NormalizerSpec.PrecompiledCharsMap.IsEmpty);
        Assert.All(model.Pieces.Where(p => p.Type == SentencePieceType.Normal), p => Assert.True(p.Score < 0));

        var bytes = SentencePieceModel.Load(SpmFixtures.BytesModelPath);
        Assert.True(bytes.TrainerSpec.ByteFallback);
        Assert.Equal(256, bytes.Pieces.Count(p => p.Type == SentencePieceType.Byte));
        Assert.Equal("identity", bytes.NormalizerSpec.Name);
        Assert.False(bytes.NormalizerSpec.RemoveExtraWhitespaces);
    }

    [Fact]
    public void ATruncatedFileIsReportedAsTruncated()
    {
        var bytes = File.ReadAllBytes(SpmFixtures.SmallModelPath);
        // Inside the last field (the normaliser), inside a piece in the middle, and inside the first piece.
        var middlePiece = bytes.AsSpan().IndexOf("\u2581AS"u8);
        Assert.True(middlePiece > 0);
        foreach (var cut in new[] { bytes.Length - 3, middlePiece + 2, 7 })
        {
            var e = Assert.Throws<InvalidDataException>(() => SentencePieceModel.Parse(bytes.AsSpan(0, cut), "cut.model"));
            Assert.StartsWith("cut.model is not a valid SentencePiece model", e.Message, StringComparison.Ordinal);
        }
        var last = Assert.Throws<InvalidDataException>(() => SentencePieceModel.Parse(bytes.AsSpan(0, bytes.Length - 3), "cut.model"));
        Assert.Contains("truncated", last.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATextFileIsNotAModel()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            SentencePieceModel.Parse(Encoding.UTF8.GetBytes("this is not a sentencepiece model\n"), "notes.txt"));
        Assert.StartsWith("notes.txt is not a valid SentencePiece model", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => SentencePieceModel.Parse([], "empty.model"));
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        var e = Assert.Throws<FileNotFoundException>(() => SentencePieceModel.Load("/no/such/spiece.model"));
        Assert.Contains("/no/such/spiece.model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesVocabulariesSentencePieceWouldRefuse()
    {
        var noUnknown = Model(("a", SentencePieceType.Normal), ("b", SentencePieceType.Normal));
        Assert.Contains("no unknown piece", Assert.Throws<InvalidDataException>(() => SentencePieceModel.Parse(noUnknown)).Message, StringComparison.Ordinal);

        var duplicate = Model(("<unk>", SentencePieceType.Unknown), ("a", SentencePieceType.Normal), ("a", SentencePieceType.Normal));
        Assert.Contains("defined twice", Assert.Throws<InvalidDataException>(() => SentencePieceModel.Parse(duplicate)).Message, StringComparison.Ordinal);

        var strayByte = Model(("<unk>", SentencePieceType.Unknown), ("<0x41>", SentencePieceType.Byte));
        Assert.Contains("byte_fallback", Assert.Throws<InvalidDataException>(() => SentencePieceModel.Parse(strayByte)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHandWrittenModelReadsWithProtobufDefaults()
    {
        var model = SentencePieceModel.Parse(Model(("<unk>", SentencePieceType.Unknown), ("\u2581a", SentencePieceType.Normal)));
        Assert.Equal(2, model.Pieces.Count);
        Assert.Equal(SentencePieceModelType.Unigram, model.TrainerSpec.ModelType);
        Assert.True(model.NormalizerSpec.AddDummyPrefix);
        Assert.True(model.NormalizerSpec.EscapeWhitespaces);
        Assert.Equal(" \u2047 ", model.TrainerSpec.UnkSurface);
        Assert.Equal(-1.5f, model.Pieces[1].Score);

        var tokenizer = new SentencePieceTokenizer(model);
        Assert.Equal([1, 1], tokenizer.EncodeToIds("a a"));
        Assert.Equal("a a", tokenizer.Decode([1, 1]));
    }

    /// <summary>Appends a varint field to the model's trainer_spec (protobuf merges a repeated message field).</summary>
    internal static byte[] WithTrainerField(byte[] model, int field, int value)
    {
        var inner = new List<byte>();
        Varint(inner, (ulong)(field << 3));
        Varint(inner, (ulong)value);
        var outer = new List<byte>(model);
        Varint(outer, (2 << 3) | 2);
        Varint(outer, (ulong)inner.Count);
        outer.AddRange(inner);
        return [.. outer];
    }

    /// <summary>A minimal ModelProto: pieces only, each scored -1.5 (or 0 for special pieces).</summary>
    private static byte[] Model(params (string Piece, SentencePieceType Type)[] pieces)
    {
        var bytes = new List<byte>();
        foreach (var (piece, type) in pieces)
        {
            var inner = new List<byte>();
            var text = Encoding.UTF8.GetBytes(piece);
            Varint(inner, (1 << 3) | 2);
            Varint(inner, (ulong)text.Length);
            inner.AddRange(text);
            Varint(inner, (2 << 3) | 5);
            inner.AddRange(BitConverter.GetBytes(type == SentencePieceType.Normal ? -1.5f : 0f));
            Varint(inner, 3 << 3);
            Varint(inner, (ulong)type);
            Varint(bytes, (1 << 3) | 2);
            Varint(bytes, (ulong)inner.Count);
            bytes.AddRange(inner);
        }
        return [.. bytes];
    }

    private static void Varint(List<byte> bytes, ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
    }
}
