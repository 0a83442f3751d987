using System.Text;

namespace NlQuery.Text;

/// <summary>
/// Decodes one id at a time in O(1): each id's text is computed once, in two forms (at the start of the text, where
/// SentencePiece drops the leading ▁, and anywhere else), so extending a decoded sequence by one id is a table lookup
/// and the state is a small value. The constrained beam search asks this for every candidate token at every step.
/// The concatenation of the returned pieces plus <see cref="Finish"/> equals <see cref="SentencePieceTokenizer.Decode"/>.
/// </summary>
public sealed class TokenTextDecoder
{
    private readonly string[] _text;
    private readonly string[] _textAtStart;
    private readonly bool[] _marksLeadingSpace;
    private readonly short[] _byteValue;

    /// <summary>
    /// Prepares the texts of every piece of <paramref name="tokenizer"/>, plus <paramref name="addedTokens"/>: ids
    /// beyond the model's pieces (T5's <c>&lt;extra_id_N&gt;</c>), which decode to their literal text.
    /// </summary>
    public TokenTextDecoder(SentencePieceTokenizer tokenizer, IReadOnlyList<string>? addedTokens = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var pieces = tokenizer.VocabularySize;
        var added = addedTokens?.Count ?? 0;
        VocabularySize = pieces + added;
        _text = new string[VocabularySize];
        _textAtStart = new string[VocabularySize];
        _marksLeadingSpace = new bool[VocabularySize];
        _byteValue = new short[VocabularySize];
        Array.Fill(_byteValue, (short)-1);
        var keepsLeadingSpaceMark = !tokenizer.Model.NormalizerSpec.RemoveExtraWhitespaces;
        for (var id = 0; id < pieces; id++)
        {
            var piece = tokenizer.Piece(id);
            switch (piece.Type)
            {
                case SentencePieceType.Control:
                    _text[id] = _textAtStart[id] = "";
                    break;
                case SentencePieceType.Unknown:
                    _text[id] = _textAtStart[id] = tokenizer.UnknownSurface;
                    break;
                case SentencePieceType.Byte:
                    _text[id] = _textAtStart[id] = "";
                    _byteValue[id] = (short)SentencePieceModel.ParseBytePiece(piece.Piece);
                    break;
                default:
                    _text[id] = piece.Piece.Replace('\u2581', ' ');
                    var consumes = tokenizer.ConsumesLeadingSpace && piece.Piece.StartsWith('\u2581');
                    _textAtStart[id] = consumes ? _text[id][1..] : _text[id];
                    _marksLeadingSpace[id] = consumes && keepsLeadingSpaceMark;
                    break;
            }
        }
        for (var i = 0; i < added; i++)
            _text[pieces + i] = _textAtStart[pieces + i] = addedTokens![i];
    }

    public int VocabularySize { get; }

    /// <summary>The text <paramref name="id"/> adds in the middle of a text (▁ shown as a space; control ids empty).</summary>
    public string GetPieceText(int id) => _text[Check(id)];

    /// <summary>
    /// Decodes one more id: returns the text it adds and advances <paramref name="state"/>. Allocation-free except
    /// for byte pieces, which complete a character only when its last byte arrives.
    /// </summary>
    public string Append(ref TokenTextState state, int id)
    {
        Check(id);
        var byteValue = _byteValue[id];
        if (byteValue >= 0)
            return AppendByte(ref state, (byte)byteValue);

        var flushed = state.PendingCount == 0 ? "" : Replacements(state.PendingCount);
        var hasText = state.HasText || flushed.Length > 0;
        var atStart = !state.NotAtStart && !state.LeadingSpaceSeen && !hasText;
        var text = atStart ? _textAtStart[id] : _text[id];
        var marks = atStart && _marksLeadingSpace[id];
        state = new TokenTextState(!atStart, marks, !(hasText || text.Length > 0), 0, 0);
        return flushed.Length == 0 ? text : flushed + text;
    }

    /// <summary>Text still owed at the end of a sequence: U+FFFD for each byte of an unfinished character.</summary>
    public string Finish(TokenTextState state) => state.PendingCount == 0 ? "" : Replacements(state.PendingCount);

    /// <summary>Decodes a whole sequence through <see cref="Append"/>.</summary>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var state = default(TokenTextState);
        var text = new StringBuilder();
        foreach (var id in ids)
            text.Append(Append(ref state, id));
        return text.Append(Finish(state)).ToString();
    }

    private string AppendByte(ref TokenTextState state, byte value)
    {
        Span<byte> bytes = stackalloc byte[4];
        var count = state.PendingCount;
        for (var i = 0; i < count; i++)
            bytes[i] = (byte)(state.PendingBytes >> (8 * i));
        bytes[count++] = value;

        // Emit every complete character and every byte that can no longer start one; keep an unfinished tail.
        var output = new StringBuilder();
        var rest = bytes[..count];
        while (!rest.IsEmpty)
        {
            var length = Utf8.ValidCharLength(rest);
            if (length > 0)
            {
                output.Append(Encoding.UTF8.GetString(rest[..length]));
                rest = rest[length..];
            }
            else if (IsUnfinishedCharacter(rest))
            {
                break;
            }
            else
            {
                output.Append('\uFFFD');
                rest = rest[1..];
            }
        }
        uint pending = 0;
        for (var i = 0; i < rest.Length; i++)
            pending |= (uint)rest[i] << (8 * i);
        state = new TokenTextState(state.NotAtStart, state.LeadingSpaceSeen, !(state.HasText || output.Length > 0),
            pending, rest.Length);
        return output.ToString();
    }

    /// <summary>A lead byte followed only by continuation bytes, fewer than the lead byte asks for.</summary>
    private static bool IsUnfinishedCharacter(ReadOnlySpan<byte> bytes)
    {
        var needed = (bytes[0] & 0xE0) == 0xC0 ? 2 : (bytes[0] & 0xF0) == 0xE0 ? 3 : (bytes[0] & 0xF8) == 0xF0 ? 4 : 0;
        if (needed == 0 || bytes.Length >= needed)
            return false;
        for (var i = 1; i < bytes.Length; i++)
        {
            if ((bytes[i] & 0xC0) != 0x80)
                return false;
        }
        return true;
    }

    private static string Replacements(int count) => new('\uFFFD', count);

    private int Check(int id) =>
        (uint)id < (uint)VocabularySize
            ? id
            : throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id {id} is outside the vocabulary of {VocabularySize} ids.");
}
