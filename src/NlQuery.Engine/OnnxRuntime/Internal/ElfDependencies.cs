using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace NlQuery.OnnxRuntime.Internal;

/// <summary>
/// The libraries an ELF shared object names as DT_NEEDED. ONNX Runtime reports a CUDA provider that fails to load only
/// as "Failed to load shared library" (the missing library goes to its log, and dlopen names only the first one), so
/// <see cref="CudaProvider"/> reads the provider's own list and tries each entry to name every missing one.
/// Reads only the headers and the dynamic section (the CUDA provider is ~290 MB). 64-bit little-endian only.
/// </summary>
internal static class ElfDependencies
{
    private const uint PtLoad = 1;
    private const uint PtDynamic = 2;
    private const long DtNeeded = 1;
    private const long DtStrtab = 5;

    /// <summary>The DT_NEEDED names, in order; empty when the file is not a 64-bit little-endian ELF or is malformed.</summary>
    internal static IReadOnlyList<string> Read(string path)
    {
        try
        {
            using var file = File.OpenHandle(path);
            return ReadNeeded(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException)
        {
            return [];
        }
    }

    private static List<string> ReadNeeded(SafeFileHandle file)
    {
        var header = ReadAt(file, 0, 64);
        if (header.Length < 64 || header[0] != 0x7F || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F' ||
            header[4] != 2 || header[5] != 1)
            return [];
        var phoff = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(0x20)));
        int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x36));
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x38));
        if (phentsize < 56 || phnum == 0)
            return [];
        var table = ReadAt(file, phoff, phentsize * phnum);

        var loads = new List<(ulong VirtualAddress, ulong Offset, ulong Size)>();
        (ulong Offset, ulong Size)? dynamic = null;
        for (var i = 0; i < phnum; i++)
        {
            var entry = table.AsSpan(i * phentsize, phentsize);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            var offset = BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]);
            var address = BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]);
            var size = BinaryPrimitives.ReadUInt64LittleEndian(entry[32..]);
            if (type == PtLoad)
                loads.Add((address, offset, size));
            else if (type == PtDynamic)
                dynamic = (offset, size);
        }
        if (dynamic is not { } dyn || dyn.Size > 1 << 20)
            return [];

        var section = ReadAt(file, checked((long)dyn.Offset), (int)dyn.Size);
        var needed = new List<ulong>();
        ulong? strtab = null;
        for (var at = 0; at + 16 <= section.Length; at += 16)
        {
            var tag = BinaryPrimitives.ReadInt64LittleEndian(section.AsSpan(at));
            var value = BinaryPrimitives.ReadUInt64LittleEndian(section.AsSpan(at + 8));
            if (tag == 0)
                break;
            if (tag == DtNeeded)
                needed.Add(value);
            else if (tag == DtStrtab)
                strtab = value;
        }
        if (strtab is not { } strings)
            return [];
        // DT_STRTAB is an address in memory: the load segment that covers it says where it lies in the file.
        var segment = loads.FirstOrDefault(l => strings >= l.VirtualAddress && strings < l.VirtualAddress + l.Size);
        if (segment.Size == 0)
            return [];
        var stringsOffset = checked((long)(strings - segment.VirtualAddress + segment.Offset));

        var names = new List<string>();
        foreach (var index in needed)
        {
            var bytes = ReadAt(file, stringsOffset + (long)index, 256);
            var end = Array.IndexOf(bytes, (byte)0);
            if (end > 0)
                names.Add(System.Text.Encoding.UTF8.GetString(bytes, 0, end));
        }
        return names;
    }

    private static byte[] ReadAt(SafeFileHandle file, long offset, int count)
    {
        var buffer = new byte[count];
        var read = RandomAccess.Read(file, buffer, offset);
        return read == count ? buffer : buffer[..read];
    }
}
