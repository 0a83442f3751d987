using System.Buffers;
using System.Text;

namespace NlQuery.Text;

/// <summary>
/// SentencePiece's unigram tokenizer over a <see cref="SentencePieceModel"/>: normalise, then pick the segmentation
/// with the highest total piece score (Viterbi), as SentencePiece 0.1.9x's optimised encoder does — same scores,
/// same float arithmetic, same tie order, same unknown-character penalty — and decode ids back to text. Built once
/// per model; thread-safe; encoding allocates only its result.
/// Kept instead of Microsoft.ML.Tokenizers because its 3.0.0 <c>SentencePieceTokenizer.Create</c> throws
/// IndexOutOfRangeException on T5's spiece.model (issue 12); switch once a served version reproduces reference.jsonl.
/// </summary>
public sealed class SentencePieceTokenizer
{
    // SentencePiece scores an unknown character 10 below the least likely piece, so any known path wins.
    private const float UnknownPenalty = 10.0f;

    // SentencePiece starts its running maximum at FLT_MIN (the smallest positive float), not at -FLT_MAX.
    private const float FloatMin = 1.17549435e-38f;

    private readonly SentencePiece[] _pieces;
    private readonly float[] _scores;
    private readonly bool[] _isUserDefined;
    private readonly PieceTrie _trie;
    private readonly Dictionary<string, int> _pieceIds;
    private readonly int[] _byteIds;
    private readonly float _unknownScore;
    private readonly float _maxScore;

    public SentencePieceTokenizer(SentencePieceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.TrainerSpec.ModelType != SentencePieceModelType.Unigram)
            throw new InvalidDataException(
                $"{model.Source} is a {ModelTypeName(model.TrainerSpec.ModelType)} model; NlQuery's tokenizer reads unigram models only.");
        Model = model;
        _pieces = [.. model.Pieces];
        _scores = new float[_pieces.Length];
        _isUserDefined = new bool[_pieces.Length];
        _pieceIds = new Dictionary<string, int>(_pieces.Length, StringComparer.Ordinal);
        _byteIds = new int[256];
        Array.Fill(_byteIds, -1);

        var minScore = float.MaxValue;
        var maxScore = FloatMin;
        var trieEntries = new List<(byte[], int)>(_pieces.Length);
        for (var id = 0; id < _pieces.Length; id++)
        {
            var piece = _pieces[id];
            _scores[id] = piece.Score;
            _pieceIds[piece.Piece] = id;
            switch (piece.Type)
            {
                case SentencePieceType.Normal:
                    minScore = Math.Min(minScore, piece.Score);
                    maxScore = Math.Max(maxScore, piece.Score);
                    trieEntries.Add((Encoding.UTF8.GetBytes(piece.Piece), id));
                    break;
                case SentencePieceType.UserDefined:
                    _isUserDefined[id] = true;
                    trieEntries.Add((Encoding.UTF8.GetBytes(piece.Piece), id));
                    break;
                case SentencePieceType.Unknown:
                    UnkId = id;
                    break;
                case SentencePieceType.Byte:
                    _byteIds[SentencePieceModel.ParseBytePiece(piece.Piece)] = id;
                    break;
            }
        }
        if (trieEntries.Count == 0)
            throw new InvalidDataException($"{model.Source} has no normal or user-defined pieces to segment text with.");
        if (model.TrainerSpec.ByteFallback && Array.IndexOf(_byteIds, -1) >= 0)
            throw new InvalidDataException(
                $"{model.Source} sets byte_fallback but lacks the byte piece <0x{Array.IndexOf(_byteIds, -1):X2}>.");
        _trie = new PieceTrie(trieEntries);
        _unknownScore = minScore - UnknownPenalty;
        _maxScore = maxScore;
        Normalizer = new SentencePieceNormalizer(model);
        BosId = ControlId(model.TrainerSpec.BosPiece);
        EosId = ControlId(model.TrainerSpec.EosPiece);
        PadId = ControlId(model.TrainerSpec.PadPiece);
        UnknownSurface = model.TrainerSpec.UnkSurface;
    }

    public static SentencePieceTokenizer Load(string path) => new(SentencePieceModel.Load(path));

    public static async Task<SentencePieceTokenizer> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        new(await SentencePieceModel.LoadAsync(path, cancellationToken).ConfigureAwait(false));

    public SentencePieceModel Model { get; }

    public SentencePieceNormalizer Normalizer { get; }

    /// <summary>Number of pieces in the model; ids run from 0 to this minus one.</summary>
    public int VocabularySize => _pieces.Length;

    public int UnkId { get; }

    /// <summary>Id of the begin-of-sentence control piece, or -1 when the model has none.</summary>
    public int BosId { get; }

    /// <summary>Id of the end-of-sentence control piece, or -1 when the model has none.</summary>
    public int EosId { get; }

    /// <summary>Id of the padding control piece, or -1 when the model has none.</summary>
    public int PadId { get; }

    /// <summary>What an unknown piece decodes to (" ⁇ " unless the model says otherwise).</summary>
    public string UnknownSurface { get; }

    public bool ByteFallback => Model.TrainerSpec.ByteFallback;

    public string IdToPiece(int id) => Piece(id).Piece;

    public SentencePieceType GetPieceType(int id) => Piece(id).Type;

    public float GetScore(int id) => Piece(id).Score;

    /// <summary>The id of <paramref name="piece"/>; the unknown id when the vocabulary lacks it, as SentencePiece answers.</summary>
    public int PieceToId(string piece) => _pieceIds.TryGetValue(piece, out var id) ? id : UnkId;

    public bool TryGetId(string piece, out int id) => _pieceIds.TryGetValue(piece, out id);

    /// <summary>Encodes <paramref name="text"/> to piece ids, exactly as SentencePiece's <c>encode</c> (no BOS or EOS).</summary>
    public int[] EncodeToIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 4);
        EncodeToIds(text.AsSpan(), ids);
        return [.. ids];
    }

    /// <summary>Appends the ids of <paramref name="text"/> to <paramref name="ids"/>.</summary>
    public void EncodeToIds(ReadOnlySpan<char> text, List<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        Encode(text, ids, pieces: null);
    }

    /// <summary>Encodes <paramref name="text"/> to piece strings (merged runs of unknown characters keep their text).</summary>
    public IReadOnlyList<string> EncodeToPieces(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pieces = new List<string>();
        Encode(text.AsSpan(), ids: null, pieces);
        return pieces;
    }

    /// <summary>
    /// Decodes ids to text as SentencePiece does: ▁ becomes a space, the leading space of the text is dropped,
    /// control pieces are invisible, an unknown piece reads " ⁇ ", and runs of byte pieces are read as UTF-8.
    /// </summary>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var text = new StringBuilder();
        var bytes = new List<byte>();
        var atStart = true;
        var leadingSpaceSeen = false;
        foreach (var id in ids)
        {
            var piece = Piece(id);
            if (piece.Type == SentencePieceType.Byte)
            {
                bytes.Add((byte)SentencePieceModel.ParseBytePiece(piece.Piece));
                continue;
            }
            FlushBytes(bytes, text);
            if (leadingSpaceSeen || text.Length > 0)
                atStart = false;
            leadingSpaceSeen = false;
            switch (piece.Type)
            {
                case SentencePieceType.Control:
                    break;
                case SentencePieceType.Unknown:
                    text.Append(UnknownSurface);
                    break;
                default:
                    var surface = piece.Piece.AsSpan();
                    if (atStart && ConsumesLeadingSpace && surface.StartsWith('\u2581'))
                    {
                        surface = surface[1..];
                        leadingSpaceSeen = !Model.NormalizerSpec.RemoveExtraWhitespaces;
                    }
                    foreach (var c in surface)
                        text.Append(c == '\u2581' ? ' ' : c);
                    break;
            }
        }
        FlushBytes(bytes, text);
        return text.ToString();
    }

    /// <summary>Whether decoding drops the space that begins the text (it was the dummy prefix, or spaces were trimmed).</summary>
    internal bool ConsumesLeadingSpace =>
        Model.NormalizerSpec.AddDummyPrefix || Model.NormalizerSpec.RemoveExtraWhitespaces;

    internal SentencePiece Piece(int id) =>
        (uint)id < (uint)_pieces.Length
            ? _pieces[id]
            : throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id {id} is outside the vocabulary of {_pieces.Length} pieces.");

    /// <summary>Decodes collected byte pieces as UTF-8; each malformed byte becomes U+FFFD, as SentencePiece does.</summary>
    private static void FlushBytes(List<byte> bytes, StringBuilder text)
    {
        if (bytes.Count == 0)
            return;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        while (!span.IsEmpty)
        {
            var length = Utf8.ValidCharLength(span);
            if (length == 0)
            {
                text.Append('\uFFFD');
                span = span[1..];
            }
            else
            {
                text.Append(Encoding.UTF8.GetString(span[..length]));
                span = span[length..];
            }
        }
        bytes.Clear();
    }

    private void Encode(ReadOnlySpan<char> text, List<int>? ids, List<string>? pieces)
    {
        if (text.IsEmpty)
            return;
        var inputBuffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        // Normalising can grow the text (a space becomes the 3-byte ▁, U+FDFA becomes 33 bytes); the normaliser
        // replaces the buffer when it must, and only the rented one goes back to the pool.
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(64, inputBuffer.Length * 2));
        try
        {
            var inputLength = Encoding.UTF8.GetBytes(text, inputBuffer);
            var normalized = rented;
            var length = Normalizer.Normalize(inputBuffer.AsSpan(0, inputLength), ref normalized);
            if (length > 0)
                Segment(normalized.AsSpan(0, length), ids, pieces);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(inputBuffer);
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The Viterbi pass over normalised UTF-8: for each character boundary, every piece starting there extends the
    /// best path ending at the boundary; a character no single piece covers gets an unknown node. Scores are
    /// summed in double and kept in float, exactly as SentencePiece's optimised encoder does, so near-ties break alike.
    /// </summary>
    private void Segment(ReadOnlySpan<byte> normalized, List<int>? ids, List<string>? pieces)
    {
        var size = normalized.Length;
        var scores = ArrayPool<float>.Shared.Rent(size + 1);
        var starts = ArrayPool<int>.Shared.Rent(size + 1);
        var pieceIds = ArrayPool<int>.Shared.Rent(size + 1);
        try
        {
            starts.AsSpan(0, size + 1).Fill(-1);
            scores[0] = 0;
            var trie = _trie;
            var pieceScores = _scores;
            var userDefined = _isUserDefined;
            var position = 0;
            while (position < size)
            {
                var baseScore = scores[position];
                var charLength = Utf8.CharLength(normalized[position..]);
                var hasSingleCharPiece = false;
                var node = 0;
                for (var end = position; end < size;)
                {
                    node = trie.Step(node, normalized[end]);
                    if (node == PieceTrie.NoNode)
                        break;
                    end++;
                    var id = trie.ValueAt(node);
                    if (id < 0)
                        continue;
                    var length = end - position;
                    var score = userDefined[id] ? length * _maxScore - 0.1 : pieceScores[id];
                    var candidate = score + baseScore;
                    if (starts[end] == -1 || candidate > scores[end])
                    {
                        scores[end] = (float)candidate;
                        starts[end] = position;
                        pieceIds[end] = id;
                    }
                    if (length == charLength)
                        hasSingleCharPiece = true;
                }
                if (!hasSingleCharPiece)
                {
                    var end = position + charLength;
                    var candidate = _unknownScore + baseScore;
                    if (starts[end] == -1 || candidate > scores[end])
                    {
                        scores[end] = candidate;
                        starts[end] = position;
                        pieceIds[end] = UnkId;
                    }
                }
                position += charLength;
            }
            Emit(normalized, starts, pieceIds, ids, pieces);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(starts);
            ArrayPool<int>.Shared.Return(pieceIds);
        }
    }

    /// <summary>
    /// Walks the best path back from the end and writes it forwards. Consecutive unknown pieces merge into one (so
    /// "ｶﾀｶﾅ" is one &lt;unk&gt;), or, with byte fallback, each unknown piece becomes its UTF-8 bytes.
    /// </summary>
    private void Emit(ReadOnlySpan<byte> normalized, int[] starts, int[] pieceIds, List<int>? ids, List<string>? pieces)
    {
        var count = 0;
        for (var end = normalized.Length; end > 0; end = starts[end])
            count++;
        var path = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var index = count;
            for (var end = normalized.Length; end > 0; end = starts[end])
                path[--index] = end;
            var previousWasUnknown = false;
            var begin = 0;
            for (var i = 0; i < count; i++)
            {
                var end = path[i];
                var id = pieceIds[end];
                var isUnknown = id == UnkId;
                if (isUnknown && ByteFallback)
                {
                    foreach (var b in normalized[begin..end])
                    {
                        ids?.Add(_byteIds[b]);
                        pieces?.Add(_pieces[_byteIds[b]].Piece);
                    }
                }
                else if (isUnknown && previousWasUnknown)
                {
                    if (pieces is not null)
                        pieces[^1] += Encoding.UTF8.GetString(normalized[begin..end]);
                }
                else
                {
                    ids?.Add(id);
                    pieces?.Add(isUnknown ? Encoding.UTF8.GetString(normalized[begin..end]) : _pieces[id].Piece);
                }
                previousWasUnknown = isUnknown;
                begin = end;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(path);
        }
    }

    private int ControlId(string piece) =>
        _pieceIds.TryGetValue(piece, out var id) && _pieces[id].Type == SentencePieceType.Control ? id : -1;

    private static string ModelTypeName(SentencePieceModelType type) => type switch
    {
        SentencePieceModelType.Bpe => "BPE",
        SentencePieceModelType.Word => "word",
        SentencePieceModelType.Char => "char",
        _ => type.ToString(),
    };
}
