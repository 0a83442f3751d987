namespace NlQuery.Text;

/// <summary>The few UTF-8 facts the tokenizer needs, matching SentencePiece's own checks.</summary>
internal static class Utf8
{
    /// <summary>
    /// Length of the well-formed UTF-8 character at the start of <paramref name="bytes"/>, or 0 when it is malformed
    /// (overlong, a surrogate, beyond U+10FFFF, a stray continuation byte, or cut short).
    /// </summary>
    public static int ValidCharLength(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return 0;
        var b0 = bytes[0];
        if (b0 < 0x80)
            return 1;
        int length;
        int min;
        int code;
        if ((b0 & 0xE0) == 0xC0) { length = 2; min = 0x80; code = b0 & 0x1F; }
        else if ((b0 & 0xF0) == 0xE0) { length = 3; min = 0x800; code = b0 & 0x0F; }
        else if ((b0 & 0xF8) == 0xF0) { length = 4; min = 0x10000; code = b0 & 0x07; }
        else return 0;
        if (bytes.Length < length)
            return 0;
        for (var i = 1; i < length; i++)
        {
            var b = bytes[i];
            if ((b & 0xC0) != 0x80)
                return 0;
            code = (code << 6) | (b & 0x3F);
        }
        if (code < min || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
            return 0;
        return length;
    }

    /// <summary>Length SentencePiece steps over for one character: from the lead byte alone, clipped to what is left.</summary>
    public static int CharLength(ReadOnlySpan<byte> bytes)
    {
        // By the lead byte's high nibble: 0x0-0xB one byte, 0xC-0xD two, 0xE three, 0xF four.
        var length = (bytes[0] >> 4) switch { 0xC or 0xD => 2, 0xE => 3, 0xF => 4, _ => 1 };
        return Math.Min(length, bytes.Length);
    }
}
