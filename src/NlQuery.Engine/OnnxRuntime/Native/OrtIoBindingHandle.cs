namespace NlQuery.OnnxRuntime.Native;

/// <summary>
/// Owns an <c>OrtIoBinding</c>; released with <c>ReleaseIoBinding</c>. A binding refers to its session's internals,
/// so it holds a reference on the session's handle: the session is freed only after its last binding.
/// </summary>
internal sealed class OrtIoBindingHandle : OrtHandle
{
    private OrtSessionHandle? _session;

    /// <summary>Keeps <paramref name="session"/> alive until this binding is released.</summary>
    internal void HoldSession(OrtSessionHandle session)
    {
        var added = false;
        session.DangerousAddRef(ref added);
        if (added)
            _session = session;
    }

    protected override unsafe bool ReleaseHandle()
    {
        OrtApi.ReleaseIoBinding(handle);
        _session?.DangerousRelease();
        return true;
    }
}
