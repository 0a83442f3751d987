namespace NlQuery.OnnxRuntime.Native;

/// <summary>Owns an <c>OrtEnv</c> (logging and the global thread pools); released with <c>ReleaseEnv</c>.</summary>
internal sealed class OrtEnvHandle : OrtHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        OrtApi.ReleaseEnv(handle);
        return true;
    }
}
