namespace NlQuery.OnnxRuntime.Native;

/// <summary>Owns an <c>OrtValue</c> (a tensor); released with <c>ReleaseValue</c>.</summary>
internal sealed class OrtValueHandle : OrtHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        OrtApi.ReleaseValue(handle);
        return true;
    }
}
