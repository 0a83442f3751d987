namespace NlQuery.Text;

/// <summary>One vocabulary entry of a SentencePiece model: its text (with U+2581 for a space), score and kind.</summary>
/// <param name="Piece">The piece's text as stored in the model, e.g. <c>▁the</c>.</param>
/// <param name="Score">The unigram log-probability the segmenter maximises.</param>
/// <param name="Type">What kind of entry it is.</param>
public sealed record SentencePiece(string Piece, float Score, SentencePieceType Type);
