using NlQuery.OnnxRuntime.Native;

namespace NlQuery.OnnxRuntime;

/// <summary>Where a tensor's memory lives (<c>OrtMemoryInfo</c>): the CPU, or a CUDA device.</summary>
public sealed unsafe class OnnxMemoryInfo : IDisposable
{
    // OrtAllocatorType and OrtMemType values from the C API.
    private const int DeviceAllocator = 0;
    private const int ArenaAllocator = 1;
    private const int MemTypeDefault = 0;

    private static readonly Lazy<OnnxMemoryInfo> CpuInstance = new(CreateCpu);

    private readonly OrtMemoryInfoHandle _handle;

    private OnnxMemoryInfo(OrtMemoryInfoHandle handle, string name)
    {
        _handle = handle;
        Name = name;
    }

    /// <summary>Ordinary CPU memory; shared, never disposed.</summary>
    public static OnnxMemoryInfo Cpu => CpuInstance.Value;

    /// <summary>Memory of CUDA device <paramref name="deviceId"/> (for binding outputs that stay on the GPU).</summary>
    public static OnnxMemoryInfo Cuda(int deviceId = 0)
    {
        OrtApi.ThrowIfNotInitialized();
        var handle = new OrtMemoryInfoHandle();
        nint p;
        fixed (byte* name = "Cuda\0"u8)
            OrtApi.Check(OrtApi.CreateMemoryInfo(name, DeviceAllocator, deviceId, MemTypeDefault, &p));
        handle.Adopt(p);
        return new OnnxMemoryInfo(handle, "Cuda");
    }

    public string Name { get; }

    internal nint Pointer => _handle.Pointer;

    public void Dispose()
    {
        if (!ReferenceEquals(this, CpuInstance.IsValueCreated ? CpuInstance.Value : null))
            _handle.Dispose();
    }

    public override string ToString() => Name;

    private static OnnxMemoryInfo CreateCpu()
    {
        OrtApi.ThrowIfNotInitialized();
        var handle = new OrtMemoryInfoHandle();
        nint p;
        OrtApi.Check(OrtApi.CreateCpuMemoryInfo(ArenaAllocator, MemTypeDefault, &p));
        handle.Adopt(p);
        return new OnnxMemoryInfo(handle, "Cpu");
    }
}
