using NlQuery.Text;

namespace NlQuery.Tests.Text;

public sealed class Utf8Tests
{
    [Theory]
    [InlineData(new byte[] { 0x41 }, 1)]
    [InlineData(new byte[] { 0xC3, 0xA9 }, 2)]
    [InlineData(new byte[] { 0xE2, 0x96, 0x81, 0x41 }, 3)]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, 4)]
    [InlineData(new byte[] { 0x80 }, 0)]             // stray continuation byte
    [InlineData(new byte[] { 0xC0, 0x80 }, 0)]       // overlong
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 0)] // encoded surrogate
    [InlineData(new byte[] { 0xE2, 0x96 }, 0)]       // cut short
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, 0)] // beyond U+10FFFF
    public void MeasuresWellFormedCharacters(byte[] bytes, int length) =>
        Assert.Equal(length, Utf8.ValidCharLength(bytes));

    [Theory]
    [InlineData(new byte[] { 0x41, 0x42 }, 1)]
    [InlineData(new byte[] { 0xE2, 0x96, 0x81 }, 3)]
    [InlineData(new byte[] { 0xE2, 0x96 }, 2)] // clipped to what is left
    [InlineData(new byte[] { 0x80, 0x80 }, 1)]
    public void StepsAsSentencePieceDoes(byte[] bytes, int length) =>
        Assert.Equal(length, Utf8.CharLength(bytes));
}
