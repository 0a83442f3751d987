namespace NlQuery.OnnxRuntime.Native;

/// <summary>Owns an <c>OrtSession</c> (a loaded model); released with <c>ReleaseSession</c>.</summary>
internal sealed class OrtSessionHandle : OrtHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        OrtApi.ReleaseSession(handle);
        return true;
    }
}
