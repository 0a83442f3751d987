namespace NlQuery.OnnxRuntime.Native;

/// <summary>Owns an <c>OrtRunOptions</c> (used to terminate a run on cancellation); released with <c>ReleaseRunOptions</c>.</summary>
internal sealed class OrtRunOptionsHandle : OrtHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        OrtApi.ReleaseRunOptions(handle);
        return true;
    }
}
