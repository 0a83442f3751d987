namespace NlQuery.OnnxRuntime.Native;

/// <summary>
/// Zero-based indexes of the <c>OrtApi</c> function-table slots this binding calls. The table is append-only across
/// ONNX Runtime versions, so these hold for every library that answers <c>GetApi(30)</c>. The names are exactly the
/// C API's: a test checks each against the slot list measured from the header (shared/reference).
/// </summary>
internal static class OrtApiSlots
{
    internal const int GetErrorCode = 1;
    internal const int GetErrorMessage = 2;
    internal const int CreateEnv = 3;
    internal const int CreateSession = 7;
    internal const int CreateSessionFromArray = 8;
    internal const int Run = 9;
    internal const int CreateSessionOptions = 10;
    internal const int SetSessionGraphOptimizationLevel = 23;
    internal const int SetIntraOpNumThreads = 24;
    internal const int SetInterOpNumThreads = 25;
    internal const int SessionGetInputCount = 30;
    internal const int SessionGetOutputCount = 31;
    internal const int SessionGetInputTypeInfo = 33;
    internal const int SessionGetOutputTypeInfo = 34;
    internal const int SessionGetInputName = 36;
    internal const int SessionGetOutputName = 37;
    internal const int CreateRunOptions = 39;
    internal const int RunOptionsSetTerminate = 46;
    internal const int CreateTensorAsOrtValue = 48;
    internal const int CreateTensorWithDataAsOrtValue = 49;
    internal const int IsTensor = 50;
    internal const int GetTensorMutableData = 51;
    internal const int CastTypeInfoToTensorInfo = 55;
    internal const int GetOnnxTypeFromTypeInfo = 56;
    internal const int GetTensorElementType = 60;
    internal const int GetDimensionsCount = 61;
    internal const int GetDimensions = 62;
    internal const int GetTensorShapeElementCount = 64;
    internal const int GetTensorTypeAndShape = 65;
    internal const int GetValueType = 67;
    internal const int CreateMemoryInfo = 68;
    internal const int CreateCpuMemoryInfo = 69;
    internal const int AllocatorFree = 76;
    internal const int GetAllocatorWithDefaultOptions = 78;
    internal const int ReleaseEnv = 92;
    internal const int ReleaseStatus = 93;
    internal const int ReleaseMemoryInfo = 94;
    internal const int ReleaseSession = 95;
    internal const int ReleaseValue = 96;
    internal const int ReleaseRunOptions = 97;
    internal const int ReleaseTypeInfo = 98;
    internal const int ReleaseTensorTypeAndShapeInfo = 99;
    internal const int ReleaseSessionOptions = 100;
    internal const int CreateEnvWithGlobalThreadPools = 119;
    internal const int DisablePerSessionThreads = 120;
    internal const int CreateThreadingOptions = 121;
    internal const int ReleaseThreadingOptions = 122;
    internal const int GetAvailableProviders = 125;
    internal const int ReleaseAvailableProviders = 126;
    internal const int AddSessionConfigEntry = 130;
    internal const int RunWithBinding = 133;
    internal const int CreateIoBinding = 134;
    internal const int ReleaseIoBinding = 135;
    internal const int BindInput = 136;
    internal const int BindOutput = 137;
    internal const int BindOutputToDevice = 138;
    internal const int GetBoundOutputValues = 140;
    internal const int ClearBoundInputs = 141;
    internal const int ClearBoundOutputs = 142;
    internal const int SetGlobalIntraOpNumThreads = 147;
    internal const int SetGlobalInterOpNumThreads = 148;
    internal const int SetGlobalSpinControl = 149;
    internal const int SessionOptionsAppendExecutionProvider_CUDA_V2 = 204;
    internal const int CreateCUDAProviderOptions = 205;
    internal const int UpdateCUDAProviderOptions = 206;
    internal const int ReleaseCUDAProviderOptions = 208;
}
