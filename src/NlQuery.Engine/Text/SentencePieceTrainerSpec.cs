namespace NlQuery.Text;

/// <summary>
/// The parts of a model's <c>TrainerSpec</c> that shape encoding and decoding. Defaults are the ones
/// <c>sentencepiece_model.proto</c> declares, so a field absent from the file reads as SentencePiece reads it.
/// </summary>
public sealed class SentencePieceTrainerSpec
{
    public SentencePieceModelType ModelType { get; internal set; } = SentencePieceModelType.Unigram;

    public int VocabSize { get; internal set; } = 8000;

    public int UnkId { get; internal set; }

    public int BosId { get; internal set; } = 1;

    public int EosId { get; internal set; } = 2;

    /// <summary>-1 when the model has no padding piece.</summary>
    public int PadId { get; internal set; } = -1;

    public string UnkPiece { get; internal set; } = "<unk>";

    public string BosPiece { get; internal set; } = "<s>";

    public string EosPiece { get; internal set; } = "</s>";

    public string PadPiece { get; internal set; } = "<pad>";

    /// <summary>The text an unknown piece decodes to; SentencePiece's default is " ⁇ ".</summary>
    public string UnkSurface { get; internal set; } = " \u2047 ";

    /// <summary>Unknown characters become their UTF-8 bytes as <c>&lt;0xXX&gt;</c> pieces instead of <c>&lt;unk&gt;</c>.</summary>
    public bool ByteFallback { get; internal set; }

    /// <summary>Word boundaries are marked at the end of pieces (<c>hello▁</c>) instead of the start.</summary>
    public bool TreatWhitespaceAsSuffix { get; internal set; }
}
