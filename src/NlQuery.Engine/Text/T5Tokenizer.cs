using System.Globalization;

namespace NlQuery.Text;

/// <summary>
/// T5's conventions over a SentencePiece unigram model, as Hugging Face's T5 tokenizer applies them: <c>&lt;/s&gt;</c>
/// appended on encode, pad 0 / eos 1 / unk 2 from the model, and 100 sentinels <c>&lt;extra_id_N&gt;</c> numbered
/// downwards above the model's pieces (<c>&lt;extra_id_0&gt;</c> is the last id, 32099 for T5's 32,000 pieces).
/// Special tokens written in the text (<c>&lt;extra_id_5&gt;</c>, <c>&lt;/s&gt;</c>, <c>&lt;pad&gt;</c>,
/// <c>&lt;unk&gt;</c>) become their ids, and the text between them is encoded piecewise, as the Hugging Face tokenizer
/// does.
/// </summary>
public sealed class T5Tokenizer
{
    public const int DefaultExtraIds = 100;

    private readonly Dictionary<string, int> _specialTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _specialLookup;
    private readonly int _longestSpecialToken;

    public T5Tokenizer(SentencePieceTokenizer sentencePiece, int extraIds = DefaultExtraIds)
    {
        ArgumentNullException.ThrowIfNull(sentencePiece);
        ArgumentOutOfRangeException.ThrowIfNegative(extraIds);
        SentencePiece = sentencePiece;
        ExtraIds = extraIds;
        if (sentencePiece.EosId < 0)
            throw new InvalidDataException($"{sentencePiece.Model.Source} has no end-of-sentence control piece, which T5 needs.");

        var added = new string[extraIds];
        for (var n = 0; n < extraIds; n++)
            added[extraIds - 1 - n] = ExtraIdText(n);
        TextDecoder = new TokenTextDecoder(sentencePiece, added);

        for (var id = 0; id < sentencePiece.VocabularySize; id++)
        {
            var type = sentencePiece.GetPieceType(id);
            if (type is SentencePieceType.Control or SentencePieceType.Unknown)
                _specialTokens[sentencePiece.IdToPiece(id)] = id;
        }
        for (var n = 0; n < extraIds; n++)
            _specialTokens[ExtraIdText(n)] = ExtraIdToTokenId(n);
        _specialLookup = _specialTokens.GetAlternateLookup<ReadOnlySpan<char>>();
        _longestSpecialToken = _specialTokens.Keys.Max(k => k.Length);
    }

    /// <summary>Loads a T5 <c>spiece.model</c>.</summary>
    public static T5Tokenizer Load(string path, int extraIds = DefaultExtraIds) =>
        new(SentencePieceTokenizer.Load(path), extraIds);

    public static async Task<T5Tokenizer> LoadAsync(string path, int extraIds = DefaultExtraIds,
        CancellationToken cancellationToken = default) =>
        new(await SentencePieceTokenizer.LoadAsync(path, cancellationToken).ConfigureAwait(false), extraIds);

    public SentencePieceTokenizer SentencePiece { get; }

    /// <summary>Number of <c>&lt;extra_id_N&gt;</c> sentinels above the model's pieces.</summary>
    public int ExtraIds { get; }

    /// <summary>The model's pieces plus the sentinels: the size of T5's embedding and logits (32,100).</summary>
    public int VocabularySize => SentencePiece.VocabularySize + ExtraIds;

    public int PadId => SentencePiece.PadId;

    public int EosId => SentencePiece.EosId;

    public int UnkId => SentencePiece.UnkId;

    /// <summary>The incremental decoder over the whole vocabulary, sentinels included.</summary>
    public TokenTextDecoder TextDecoder { get; }

    /// <summary>The id of <c>&lt;extra_id_<paramref name="n"/>&gt;</c>.</summary>
    public int ExtraIdToTokenId(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(n, ExtraIds);
        return VocabularySize - 1 - n;
    }

    /// <summary>The text of one id mid-sentence (see <see cref="TokenTextDecoder.GetPieceText"/>).</summary>
    public string GetPieceText(int id) => TextDecoder.GetPieceText(id);

    /// <summary>The piece string of an id (<c>▁the</c>, <c>&lt;/s&gt;</c>, <c>&lt;extra_id_0&gt;</c>).</summary>
    public string IdToPiece(int id) =>
        id >= SentencePiece.VocabularySize && id < VocabularySize
            ? ExtraIdText(VocabularySize - 1 - id)
            : SentencePiece.IdToPiece(id);

    /// <summary>Encodes <paramref name="text"/>, appending <c>&lt;/s&gt;</c> unless <paramref name="addEos"/> is false.</summary>
    public int[] Encode(string text, bool addEos = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 4);
        Encode(text, ids, addEos);
        return [.. ids];
    }

    /// <summary>Appends the ids of <paramref name="text"/> to <paramref name="ids"/>.</summary>
    public void Encode(ReadOnlySpan<char> text, List<int> ids, bool addEos = true)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var segmentStart = 0;
        var search = 0;
        while (search < text.Length)
        {
            var open = text[search..].IndexOf('<');
            if (open < 0)
                break;
            open += search;
            if (TryMatchSpecial(text[open..], out var length, out var id))
            {
                SentencePiece.EncodeToIds(text[segmentStart..open], ids);
                ids.Add(id);
                segmentStart = search = open + length;
            }
            else
            {
                search = open + 1;
            }
        }
        SentencePiece.EncodeToIds(text[segmentStart..], ids);
        if (addEos)
            ids.Add(EosId);
    }

    /// <summary>
    /// Decodes ids to text: control ids (pad, eos) are invisible, sentinels read as <c>&lt;extra_id_N&gt;</c>, the rest
    /// as SentencePiece decodes them.
    /// </summary>
    public string Decode(ReadOnlySpan<int> ids) => TextDecoder.Decode(ids);

    private bool TryMatchSpecial(ReadOnlySpan<char> text, out int length, out int id)
    {
        var close = text[..Math.Min(text.Length, _longestSpecialToken)].IndexOf('>');
        if (close > 0 && _specialLookup.TryGetValue(text[..(close + 1)], out id))
        {
            length = close + 1;
            return true;
        }
        length = 0;
        id = -1;
        return false;
    }

    private static string ExtraIdText(int n) => string.Create(CultureInfo.InvariantCulture, $"<extra_id_{n}>");
}
