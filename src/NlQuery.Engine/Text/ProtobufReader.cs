using System.Buffers.Binary;

namespace NlQuery.Text;

/// <summary>
/// A forward-only reader of the protobuf wire format, enough for SentencePiece's <c>ModelProto</c>. Hand-written so
/// the engine carries no generated code or protobuf dependency; every read is bounds-checked and a short or malformed
/// buffer throws <see cref="InvalidDataException"/> naming the byte offset.
/// </summary>
internal ref struct ProtobufReader
{
    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLengthDelimited = 2;
    public const int WireFixed32 = 5;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _baseOffset;
    private int _position;

    public ProtobufReader(ReadOnlySpan<byte> buffer, int baseOffset = 0)
    {
        _buffer = buffer;
        _baseOffset = baseOffset;
        _position = 0;
    }

    public readonly bool AtEnd => _position >= _buffer.Length;

    /// <summary>Offset of the next byte from the start of the outermost message, for error messages.</summary>
    public readonly int Offset => _baseOffset + _position;

    /// <summary>Reads a field key; returns the field number and sets the wire type.</summary>
    public int ReadTag(out int wireType)
    {
        var start = Offset;
        var key = ReadVarint();
        wireType = (int)(key & 7);
        var field = key >> 3;
        if (field == 0 || field > int.MaxValue)
            throw new InvalidDataException($"invalid protobuf field number {field} at byte {start}");
        return (int)field;
    }

    public ulong ReadVarint()
    {
        var start = Offset;
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _buffer.Length)
                throw Truncated(start, "a varint");
            var b = _buffer[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return result;
        }
        throw new InvalidDataException($"malformed protobuf varint (more than 10 bytes) at byte {start}");
    }

    public bool ReadBool() => ReadVarint() != 0;

    /// <summary>int32 fields are sent as sign-extended 64-bit varints; truncation to 32 bits is what protobuf does.</summary>
    public int ReadInt32() => unchecked((int)ReadVarint());

    public float ReadFloat()
    {
        var start = Offset;
        if (_buffer.Length - _position < 4)
            throw Truncated(start, "a 32-bit float");
        var value = BinaryPrimitives.ReadSingleLittleEndian(_buffer[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>Reads a length-delimited field and returns its bytes plus the offset where they start.</summary>
    public ReadOnlySpan<byte> ReadBytes(out int offset)
    {
        var start = Offset;
        var length = ReadVarint();
        if (length > (ulong)(_buffer.Length - _position))
            throw Truncated(start, $"a length-delimited field of {length} bytes");
        offset = Offset;
        var bytes = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes(out _));

    /// <summary>Skips a field of a type the reader does not need, as protobuf parsers do for unknown fields.</summary>
    public void Skip(int wireType)
    {
        var start = Offset;
        switch (wireType)
        {
            case WireVarint:
                ReadVarint();
                break;
            case WireFixed64:
                Advance(8, start, "a 64-bit field");
                break;
            case WireLengthDelimited:
                ReadBytes(out _);
                break;
            case WireFixed32:
                Advance(4, start, "a 32-bit field");
                break;
            default:
                throw new InvalidDataException($"unsupported protobuf wire type {wireType} at byte {start}");
        }
    }

    /// <summary>Throws unless a field arrived with the wire type its declaration implies.</summary>
    public readonly void Expect(int wireType, int expected, string field)
    {
        if (wireType != expected)
            throw new InvalidDataException(
                $"field {field} has protobuf wire type {wireType}, expected {expected} (before byte {Offset})");
    }

    private void Advance(int count, int start, string what)
    {
        if (_buffer.Length - _position < count)
            throw Truncated(start, what);
        _position += count;
    }

    private static InvalidDataException Truncated(int start, string what) =>
        new($"the data is truncated: {what} starting at byte {start} runs past the end");
}
