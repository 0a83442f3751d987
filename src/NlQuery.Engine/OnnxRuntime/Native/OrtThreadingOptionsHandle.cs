namespace NlQuery.OnnxRuntime.Native;

/// <summary>Owns an <c>OrtThreadingOptions</c> (global thread pool settings); released with <c>ReleaseThreadingOptions</c>.</summary>
internal sealed class OrtThreadingOptionsHandle : OrtHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        OrtApi.ReleaseThreadingOptions(handle);
        return true;
    }
}
