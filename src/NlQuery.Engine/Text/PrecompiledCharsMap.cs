using System.Buffers.Binary;

namespace NlQuery.Text;

/// <summary>
/// SentencePiece's compiled normalisation rules (<c>normalizer_spec.precompiled_charsmap</c>): a little-endian
/// uint32 giving the size in bytes of a darts-clone double-array trie, the trie's 32-bit units, then a blob of
/// NUL-terminated replacement strings. A trie key is a UTF-8 source sequence; its value is the offset of the
/// replacement in the blob. Normalising takes the longest key that prefixes the input.
/// </summary>
internal sealed class PrecompiledCharsMap
{
    private readonly uint[] _units;
    private readonly byte[] _replacements;

    private PrecompiledCharsMap(uint[] units, byte[] replacements)
    {
        _units = units;
        _replacements = replacements;
    }

    public static PrecompiledCharsMap Parse(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 4)
            throw new InvalidDataException($"precompiled_charsmap is {blob.Length} bytes, too short to hold its trie size");
        var trieSize = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        if (trieSize > (uint)(blob.Length - 4) || trieSize % 4 != 0 || trieSize == 0)
            throw new InvalidDataException(
                $"precompiled_charsmap declares a {trieSize}-byte trie, which does not fit its {blob.Length} bytes in 32-bit units");
        var units = new uint[trieSize / 4];
        for (var i = 0; i < units.Length; i++)
            units[i] = BinaryPrimitives.ReadUInt32LittleEndian(blob[(4 + i * 4)..]);
        return new PrecompiledCharsMap(units, blob[(4 + (int)trieSize)..].ToArray());
    }

    /// <summary>
    /// Finds the longest rule whose source prefixes <paramref name="input"/>. Returns its source length in bytes
    /// (0 when no rule applies) and the replacement.
    /// </summary>
    public int LongestPrefix(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> replacement)
    {
        replacement = default;
        var units = _units;
        var longest = 0;
        var value = 0;
        // darts-clone unit layout: bit 8 = has_leaf, low 31 bits = value (on a leaf unit),
        // label = bits 0-7 (+ bit 31 marks a leaf), offset = bits 10-31 shifted left by 8 when bit 9 is set.
        uint nodePos = Offset(units[0]);
        for (var i = 0; i < input.Length; i++)
        {
            var label = input[i];
            nodePos ^= label;
            if (nodePos >= (uint)units.Length)
                break;
            var unit = units[nodePos];
            if ((unit & 0x800000FFu) != label)
                break;
            nodePos ^= Offset(unit);
            if ((unit & 0x100u) != 0)
            {
                if (nodePos >= (uint)units.Length)
                    break;
                longest = i + 1;
                value = (int)(units[nodePos] & 0x7FFFFFFFu);
            }
        }
        if (longest == 0)
            return 0;
        if (value >= _replacements.Length)
            throw new InvalidDataException(
                $"precompiled_charsmap is corrupt: a rule points at byte {value} of a {_replacements.Length}-byte replacement blob");
        var tail = _replacements.AsSpan(value);
        var end = tail.IndexOf((byte)0);
        replacement = end < 0 ? tail : tail[..end];
        return longest;
    }

    private static uint Offset(uint unit) => (unit >> 10) << (int)((unit & 0x200u) >> 6);
}
