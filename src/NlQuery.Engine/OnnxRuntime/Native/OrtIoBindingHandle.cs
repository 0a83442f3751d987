namespace NlQuery.OnnxRuntime.Native;

/// <summary>Owns an <c>OrtIoBinding</c>; released with <c>ReleaseIoBinding</c>.</summary>
internal sealed class OrtIoBindingHandle : OrtHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        OrtApi.ReleaseIoBinding(handle);
        return true;
    }
}
