namespace NlQuery.OnnxRuntime.Native;

/// <summary>
/// Owns an <c>OrtSession</c> (a loaded model); released with <c>ReleaseSession</c>. ONNX Runtime wants its
/// environment to outlive every session, so the session holds a reference on the environment's handle.
/// </summary>
internal sealed class OrtSessionHandle : OrtHandle
{
    private OrtEnvHandle? _environment;

    /// <summary>Keeps <paramref name="environment"/> alive until this session is released.</summary>
    internal void HoldEnvironment(OrtEnvHandle environment)
    {
        var added = false;
        environment.DangerousAddRef(ref added);
        if (added)
            _environment = environment;
    }

    protected override unsafe bool ReleaseHandle()
    {
        OrtApi.ReleaseSession(handle);
        _environment?.DangerousRelease();
        return true;
    }
}
