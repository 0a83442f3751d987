namespace NlQuery.OnnxRuntime.Native;

/// <summary>Owns an <c>OrtMemoryInfo</c> (where a tensor's memory lives); released with <c>ReleaseMemoryInfo</c>.</summary>
internal sealed class OrtMemoryInfoHandle : OrtHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        OrtApi.ReleaseMemoryInfo(handle);
        return true;
    }
}
