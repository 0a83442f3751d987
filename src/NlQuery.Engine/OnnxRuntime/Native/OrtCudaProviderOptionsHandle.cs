namespace NlQuery.OnnxRuntime.Native;

/// <summary>Owns an <c>OrtCUDAProviderOptionsV2</c>; released with <c>ReleaseCUDAProviderOptions</c>.</summary>
internal sealed class OrtCudaProviderOptionsHandle : OrtHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        OrtApi.ReleaseCUDAProviderOptions(handle);
        return true;
    }
}
