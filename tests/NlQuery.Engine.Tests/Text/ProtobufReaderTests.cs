using NlQuery.Text;

namespace NlQuery.Tests.Text;

public sealed class ProtobufReaderTests
{
    [Fact]
    public void ReadsTagsVarintsFloatsAndBytes()
    {
        byte[] data = [0x08, 0xAC, 0x02, 0x15, 0x00, 0x00, 0xC0, 0x3F, 0x1A, 0x02, 0x68, 0x69, 0x20, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        var reader = new ProtobufReader(data);
        Assert.Equal(1, reader.ReadTag(out var wire));
        Assert.Equal(ProtobufReader.WireVarint, wire);
        Assert.Equal(300UL, reader.ReadVarint());
        Assert.Equal(2, reader.ReadTag(out wire));
        Assert.Equal(ProtobufReader.WireFixed32, wire);
        Assert.Equal(1.5f, reader.ReadFloat());
        Assert.Equal(3, reader.ReadTag(out _));
        Assert.Equal("hi", reader.ReadString());
        Assert.Equal(4, reader.ReadTag(out _));
        Assert.Equal(-1, reader.ReadInt32());
        Assert.True(reader.AtEnd);
    }

    [Fact]
    public void SkipsFieldsOfEveryWireType()
    {
        byte[] data = [0x08, 0x96, 0x01, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1A, 0x01, 0x00, 0x25, 1, 2, 3, 4];
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            reader.ReadTag(out var wire);
            reader.Skip(wire);
        }
        Assert.Equal(data.Length, reader.Offset);
    }

    [Fact]
    public void TruncationAndBadWireTypesAreInvalidData()
    {
        Assert.Contains("truncated", Read([0x0A, 0x05, 0x01]), StringComparison.Ordinal);
        Assert.Contains("truncated", Read([0x08, 0x80]), StringComparison.Ordinal);
        Assert.Contains("truncated", Read([0x15, 0x00, 0x00]), StringComparison.Ordinal);
        Assert.Contains("wire type 7", Read([0x0F]), StringComparison.Ordinal);
        Assert.Contains("field number 0", Read([0x00]), StringComparison.Ordinal);
    }

    private static string Read(byte[] data)
    {
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new ProtobufReader(data);
            while (!reader.AtEnd)
            {
                reader.ReadTag(out var wire);
                reader.Skip(wire);
            }
        });
        return e.Message;
    }
}
