using System.Text;

namespace NlQuery.Text;

/// <summary>
/// Normalises text the way SentencePiece does before segmenting: the model's compiled character map (nmt_nfkc for
/// T5) applied by longest match over the UTF-8 bytes, user-defined symbols passed through untouched, leading,
/// trailing and repeated spaces removed, a dummy space prefixed, and every space written as U+2581 (▁).
/// </summary>
public sealed class SentencePieceNormalizer
{
    private static ReadOnlySpan<byte> SpaceSymbol => "\u2581"u8;
    private static ReadOnlySpan<byte> ReplacementCharacter => "\uFFFD"u8;

    private readonly PrecompiledCharsMap? _charsMap;
    private readonly PieceTrie? _userDefined;
    private readonly bool _addDummyPrefix;
    private readonly bool _removeExtraWhitespaces;
    private readonly bool _escapeWhitespaces;
    private readonly bool _whitespaceAsSuffix;

    /// <summary>Builds the normaliser a model describes.</summary>
    public SentencePieceNormalizer(SentencePieceModel model)
        : this(model.NormalizerSpec, model.TrainerSpec, UserDefinedTrie(model))
    {
    }

    internal SentencePieceNormalizer(SentencePieceNormalizerSpec spec, SentencePieceTrainerSpec trainer, PieceTrie? userDefined)
    {
        _charsMap = spec.PrecompiledCharsMap.IsEmpty ? null : PrecompiledCharsMap.Parse(spec.PrecompiledCharsMap.Span);
        _userDefined = userDefined;
        _addDummyPrefix = spec.AddDummyPrefix;
        _removeExtraWhitespaces = spec.RemoveExtraWhitespaces;
        _escapeWhitespaces = spec.EscapeWhitespaces;
        _whitespaceAsSuffix = trainer.TreatWhitespaceAsSuffix;
    }

    /// <summary>The normalised form of <paramref name="text"/>, spaces shown as ▁ (when the model escapes them).</summary>
    public string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var input = Encoding.UTF8.GetBytes(text);
        var output = new byte[Math.Max(16, input.Length * 3 + 3)];
        var length = Normalize(input, ref output);
        return Encoding.UTF8.GetString(output, 0, length);
    }

    /// <summary>
    /// Normalises UTF-8 <paramref name="input"/> into <paramref name="output"/> (grown when needed) and returns the
    /// number of bytes written.
    /// </summary>
    internal int Normalize(ReadOnlySpan<byte> input, ref byte[] output)
    {
        var length = 0;
        var space = _escapeWhitespaces ? SpaceSymbol : " "u8;

        // Leading whitespace goes: anything whose normalised form is exactly one space.
        if (_removeExtraWhitespaces)
        {
            while (!input.IsEmpty)
            {
                var consumed = NormalizePrefix(input, out var piece);
                if (!piece.SequenceEqual(" "u8))
                    break;
                input = input[consumed..];
            }
        }
        if (input.IsEmpty)
            return 0;

        if (!_whitespaceAsSuffix && _addDummyPrefix)
            Append(ref output, ref length, space);

        var previousWasSpace = _removeExtraWhitespaces;
        while (!input.IsEmpty)
        {
            var consumed = NormalizePrefix(input, out var piece);
            if (previousWasSpace)
            {
                while (!piece.IsEmpty && piece[0] == (byte)' ')
                    piece = piece[1..];
            }
            if (!piece.IsEmpty)
            {
                foreach (var b in piece)
                {
                    if (b == (byte)' ' && _escapeWhitespaces)
                        Append(ref output, ref length, SpaceSymbol);
                    else
                        Append(ref output, ref length, new ReadOnlySpan<byte>(in b));
                }
                previousWasSpace = piece[^1] == (byte)' ';
            }
            input = input[consumed..];
            if (!_removeExtraWhitespaces)
                previousWasSpace = false;
        }

        if (_removeExtraWhitespaces)
        {
            while (length >= space.Length && output.AsSpan(length - space.Length, space.Length).SequenceEqual(space))
                length -= space.Length;
        }

        if (_whitespaceAsSuffix && _addDummyPrefix)
            Append(ref output, ref length, space);
        return length;
    }

    /// <summary>
    /// Normalises the start of <paramref name="input"/>: returns how many bytes it consumed and, in
    /// <paramref name="normalized"/>, what they become. User-defined symbols are kept as they are; otherwise the
    /// longest character-map rule applies; otherwise one UTF-8 character is copied (a malformed byte becomes U+FFFD).
    /// </summary>
    private int NormalizePrefix(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> normalized)
    {
        if (_userDefined is not null)
        {
            var matched = _userDefined.LongestPrefix(input, out _);
            if (matched > 0)
            {
                normalized = input[..matched];
                return matched;
            }
        }
        if (_charsMap is not null)
        {
            var matched = _charsMap.LongestPrefix(input, out normalized);
            if (matched > 0)
                return matched;
        }
        var length = Utf8.ValidCharLength(input);
        if (length == 0)
        {
            normalized = ReplacementCharacter;
            return 1;
        }
        normalized = input[..length];
        return length;
    }

    private static void Append(ref byte[] output, ref int length, ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > output.Length)
            Array.Resize(ref output, Math.Max(output.Length * 2, length + bytes.Length));
        bytes.CopyTo(output.AsSpan(length));
        length += bytes.Length;
    }

    private static PieceTrie? UserDefinedTrie(SentencePieceModel model)
    {
        var entries = new List<(byte[], int)>();
        for (var id = 0; id < model.Pieces.Count; id++)
        {
            if (model.Pieces[id].Type == SentencePieceType.UserDefined)
                entries.Add((Encoding.UTF8.GetBytes(model.Pieces[id].Piece), id));
        }
        return entries.Count == 0 ? null : new PieceTrie(entries);
    }
}
