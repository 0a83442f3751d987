namespace NlQuery.Text;

/// <summary>
/// A SentencePiece <c>.model</c> file (a serialised protobuf <c>ModelProto</c>): the vocabulary with scores and
/// kinds, the trainer settings that matter for encoding, and the normaliser. Reading is strict: a truncated or
/// corrupt file, or one whose vocabulary SentencePiece itself would refuse, gives <see cref="InvalidDataException"/>.
/// </summary>
public sealed class SentencePieceModel
{
    // Field numbers from sentencepiece_model.proto.
    private const int ModelPieces = 1, ModelTrainerSpec = 2, ModelNormalizerSpec = 3;
    private const int PiecePiece = 1, PieceScore = 2, PieceType = 3;

    private SentencePieceModel(string source, List<SentencePiece> pieces, SentencePieceTrainerSpec trainer,
        SentencePieceNormalizerSpec normalizer)
    {
        Source = source;
        Pieces = pieces;
        TrainerSpec = trainer;
        NormalizerSpec = normalizer;
    }

    /// <summary>Where the model came from (a file path), for messages.</summary>
    public string Source { get; }

    /// <summary>The vocabulary; a piece's index is its id.</summary>
    public IReadOnlyList<SentencePiece> Pieces { get; }

    public SentencePieceTrainerSpec TrainerSpec { get; }

    public SentencePieceNormalizerSpec NormalizerSpec { get; }

    public static SentencePieceModel Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"SentencePiece model not found: {path}", path);
        return Parse(File.ReadAllBytes(path), path);
    }

    public static async Task<SentencePieceModel> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"SentencePiece model not found: {path}", path);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(bytes, path);
    }

    /// <summary>Parses the bytes of a <c>.model</c> file; <paramref name="source"/> names it in error messages.</summary>
    public static SentencePieceModel Parse(ReadOnlySpan<byte> data, string source = "SentencePiece model")
    {
        try
        {
            return ParseCore(data, source);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source} is not a valid SentencePiece model: {e.Message}", e);
        }
    }

    private static SentencePieceModel ParseCore(ReadOnlySpan<byte> data, string source)
    {
        if (data.IsEmpty)
            throw new InvalidDataException("the file is empty");
        var pieces = new List<SentencePiece>();
        var trainer = new SentencePieceTrainerSpec();
        var normalizer = new SentencePieceNormalizerSpec();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var field = reader.ReadTag(out var wire);
            switch (field)
            {
                case ModelPieces:
                    reader.Expect(wire, ProtobufReader.WireLengthDelimited, "pieces");
                    pieces.Add(ReadPiece(reader.ReadBytes(out var pieceOffset), pieceOffset, pieces.Count));
                    break;
                case ModelTrainerSpec:
                    reader.Expect(wire, ProtobufReader.WireLengthDelimited, "trainer_spec");
                    ReadTrainerSpec(reader.ReadBytes(out var trainerOffset), trainerOffset, trainer);
                    break;
                case ModelNormalizerSpec:
                    reader.Expect(wire, ProtobufReader.WireLengthDelimited, "normalizer_spec");
                    ReadNormalizerSpec(reader.ReadBytes(out var normalizerOffset), normalizerOffset, normalizer);
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        Validate(pieces, trainer);
        return new SentencePieceModel(source, pieces, trainer, normalizer);
    }

    private static SentencePiece ReadPiece(ReadOnlySpan<byte> data, int offset, int index)
    {
        string? text = null;
        float score = 0;
        var type = SentencePieceType.Normal;
        var reader = new ProtobufReader(data, offset);
        while (!reader.AtEnd)
        {
            var field = reader.ReadTag(out var wire);
            switch (field)
            {
                case PiecePiece:
                    reader.Expect(wire, ProtobufReader.WireLengthDelimited, "piece");
                    text = reader.ReadString();
                    break;
                case PieceScore:
                    reader.Expect(wire, ProtobufReader.WireFixed32, "score");
                    score = reader.ReadFloat();
                    break;
                case PieceType:
                    reader.Expect(wire, ProtobufReader.WireVarint, "type");
                    var value = reader.ReadInt32();
                    if (value is < 1 or > 6)
                        throw new InvalidDataException($"piece {index} has unknown type {value}");
                    type = (SentencePieceType)value;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        if (string.IsNullOrEmpty(text))
            throw new InvalidDataException($"piece {index} has no text");
        return new SentencePiece(text, score, type);
    }

    private static void ReadTrainerSpec(ReadOnlySpan<byte> data, int offset, SentencePieceTrainerSpec spec)
    {
        var reader = new ProtobufReader(data, offset);
        while (!reader.AtEnd)
        {
            var field = reader.ReadTag(out var wire);
            switch (field)
            {
                case 3:
                    reader.Expect(wire, ProtobufReader.WireVarint, "trainer_spec.model_type");
                    var type = reader.ReadInt32();
                    if (type is < 1 or > 4)
                        throw new InvalidDataException($"trainer_spec.model_type {type} is not a known model type");
                    spec.ModelType = (SentencePieceModelType)type;
                    break;
                case 4: spec.VocabSize = ReadInt(ref reader, wire, "vocab_size"); break;
                case 24: spec.TreatWhitespaceAsSuffix = ReadBool(ref reader, wire, "treat_whitespace_as_suffix"); break;
                case 35: spec.ByteFallback = ReadBool(ref reader, wire, "byte_fallback"); break;
                case 40: spec.UnkId = ReadInt(ref reader, wire, "unk_id"); break;
                case 41: spec.BosId = ReadInt(ref reader, wire, "bos_id"); break;
                case 42: spec.EosId = ReadInt(ref reader, wire, "eos_id"); break;
                case 43: spec.PadId = ReadInt(ref reader, wire, "pad_id"); break;
                case 44: spec.UnkSurface = ReadText(ref reader, wire, "unk_surface"); break;
                case 45: spec.UnkPiece = ReadText(ref reader, wire, "unk_piece"); break;
                case 46: spec.BosPiece = ReadText(ref reader, wire, "bos_piece"); break;
                case 47: spec.EosPiece = ReadText(ref reader, wire, "eos_piece"); break;
                case 48: spec.PadPiece = ReadText(ref reader, wire, "pad_piece"); break;
                default: reader.Skip(wire); break;
            }
        }
    }

    private static void ReadNormalizerSpec(ReadOnlySpan<byte> data, int offset, SentencePieceNormalizerSpec spec)
    {
        var reader = new ProtobufReader(data, offset);
        while (!reader.AtEnd)
        {
            var field = reader.ReadTag(out var wire);
            switch (field)
            {
                case 1: spec.Name = ReadText(ref reader, wire, "normalizer_spec.name"); break;
                case 2:
                    reader.Expect(wire, ProtobufReader.WireLengthDelimited, "normalizer_spec.precompiled_charsmap");
                    spec.PrecompiledCharsMap = reader.ReadBytes(out _).ToArray();
                    break;
                case 3: spec.AddDummyPrefix = ReadBool(ref reader, wire, "add_dummy_prefix"); break;
                case 4: spec.RemoveExtraWhitespaces = ReadBool(ref reader, wire, "remove_extra_whitespaces"); break;
                case 5: spec.EscapeWhitespaces = ReadBool(ref reader, wire, "escape_whitespaces"); break;
                default: reader.Skip(wire); break;
            }
        }
    }

    private static int ReadInt(ref ProtobufReader reader, int wire, string name)
    {
        reader.Expect(wire, ProtobufReader.WireVarint, "trainer_spec." + name);
        return reader.ReadInt32();
    }

    private static bool ReadBool(ref ProtobufReader reader, int wire, string name)
    {
        reader.Expect(wire, ProtobufReader.WireVarint, name);
        return reader.ReadBool();
    }

    private static string ReadText(ref ProtobufReader reader, int wire, string name)
    {
        reader.Expect(wire, ProtobufReader.WireLengthDelimited, name);
        return reader.ReadString();
    }

    /// <summary>The checks SentencePiece makes when it loads a model, so a file it refuses is refused here too.</summary>
    private static void Validate(List<SentencePiece> pieces, SentencePieceTrainerSpec trainer)
    {
        if (pieces.Count == 0)
            throw new InvalidDataException("the model has no pieces");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unknowns = 0;
        for (var id = 0; id < pieces.Count; id++)
        {
            var piece = pieces[id];
            if (!seen.Add(piece.Piece))
                throw new InvalidDataException($"piece \"{piece.Piece}\" (id {id}) is defined twice");
            if (piece.Type == SentencePieceType.Unknown)
                unknowns++;
            if (piece.Type == SentencePieceType.Byte && !trainer.ByteFallback)
                throw new InvalidDataException($"byte piece \"{piece.Piece}\" (id {id}) is present although byte_fallback is off");
            if (piece.Type == SentencePieceType.Byte && ParseBytePiece(piece.Piece) < 0)
                throw new InvalidDataException($"byte piece \"{piece.Piece}\" (id {id}) is not of the form <0xXX>");
        }
        if (unknowns != 1)
            throw new InvalidDataException(unknowns == 0
                ? "the model defines no unknown piece"
                : $"the model defines {unknowns} unknown pieces; exactly one is allowed");
    }

    /// <summary>The byte a <c>&lt;0xXX&gt;</c> piece stands for, or -1.</summary>
    internal static int ParseBytePiece(string piece)
    {
        if (piece.Length != 6 || !piece.StartsWith("<0x", StringComparison.Ordinal) || piece[5] != '>')
            return -1;
        return int.TryParse(piece.AsSpan(3, 2), System.Globalization.NumberStyles.AllowHexSpecifier,
            System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : -1;
    }
}
