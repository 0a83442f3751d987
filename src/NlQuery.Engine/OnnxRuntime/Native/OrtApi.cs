using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace NlQuery.OnnxRuntime.Native;

/// <summary>
/// The ONNX Runtime C API function table (<c>OrtApi</c>, version 30), read once from the loaded library and called
/// through unmanaged function pointers. Opaque ORT objects are <c>nint</c>; every call that returns an
/// <c>OrtStatus*</c> goes through <see cref="Check"/>, the one place that turns a status into an exception.
/// </summary>
internal static unsafe class OrtApi
{
    /// <summary>The API version this binding is written against (ONNX Runtime 1.30).</summary>
    internal const uint Version = 30;

    private static readonly object Gate = new();
    private static volatile bool _initialized;

    // Status
    internal static delegate* unmanaged[Cdecl]<nint, int> GetErrorCode;
    internal static delegate* unmanaged[Cdecl]<nint, byte*> GetErrorMessage;
    internal static delegate* unmanaged[Cdecl]<nint, void> ReleaseStatus;

    // Environment and global thread pools
    internal static delegate* unmanaged[Cdecl]<int, byte*, nint*, nint> CreateEnv;
    internal static delegate* unmanaged[Cdecl]<int, byte*, nint, nint*, nint> CreateEnvWithGlobalThreadPools;
    internal static delegate* unmanaged[Cdecl]<nint, void> ReleaseEnv;
    internal static delegate* unmanaged[Cdecl]<nint*, nint> CreateThreadingOptions;
    internal static delegate* unmanaged[Cdecl]<nint, int, nint> SetGlobalIntraOpNumThreads;
    internal static delegate* unmanaged[Cdecl]<nint, int, nint> SetGlobalInterOpNumThreads;
    internal static delegate* unmanaged[Cdecl]<nint, int, nint> SetGlobalSpinControl;
    internal static delegate* unmanaged[Cdecl]<nint, void> ReleaseThreadingOptions;

    // Session options
    internal static delegate* unmanaged[Cdecl]<nint*, nint> CreateSessionOptions;
    internal static delegate* unmanaged[Cdecl]<nint, int, nint> SetSessionGraphOptimizationLevel;
    internal static delegate* unmanaged[Cdecl]<nint, int, nint> SetIntraOpNumThreads;
    internal static delegate* unmanaged[Cdecl]<nint, int, nint> SetInterOpNumThreads;
    internal static delegate* unmanaged[Cdecl]<nint, nint> DisablePerSessionThreads;
    internal static delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint> AddSessionConfigEntry;
    internal static delegate* unmanaged[Cdecl]<nint, void> ReleaseSessionOptions;

    // Session
    internal static delegate* unmanaged[Cdecl]<nint, void*, nint, nint*, nint> CreateSession;
    internal static delegate* unmanaged[Cdecl]<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray;
    internal static delegate* unmanaged[Cdecl]<nint, nuint*, nint> SessionGetInputCount;
    internal static delegate* unmanaged[Cdecl]<nint, nuint*, nint> SessionGetOutputCount;
    internal static delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint> SessionGetInputName;
    internal static delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint> SessionGetOutputName;
    internal static delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint> SessionGetInputTypeInfo;
    internal static delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint> SessionGetOutputTypeInfo;
    internal static delegate* unmanaged[Cdecl]<nint, void> ReleaseSession;

    // Type information
    internal static delegate* unmanaged[Cdecl]<nint, int*, nint> GetOnnxTypeFromTypeInfo;
    internal static delegate* unmanaged[Cdecl]<nint, nint*, nint> CastTypeInfoToTensorInfo;
    internal static delegate* unmanaged[Cdecl]<nint, void> ReleaseTypeInfo;
    internal static delegate* unmanaged[Cdecl]<nint, int*, nint> GetTensorElementType;
    internal static delegate* unmanaged[Cdecl]<nint, nuint*, nint> GetDimensionsCount;
    internal static delegate* unmanaged[Cdecl]<nint, long*, nuint, nint> GetDimensions;
    internal static delegate* unmanaged[Cdecl]<nint, nuint*, nint> GetTensorShapeElementCount;
    internal static delegate* unmanaged[Cdecl]<nint, void> ReleaseTensorTypeAndShapeInfo;

    // Memory and allocators
    internal static delegate* unmanaged[Cdecl]<int, int, nint*, nint> CreateCpuMemoryInfo;
    internal static delegate* unmanaged[Cdecl]<byte*, int, int, int, nint*, nint> CreateMemoryInfo;
    internal static delegate* unmanaged[Cdecl]<nint, void> ReleaseMemoryInfo;
    internal static delegate* unmanaged[Cdecl]<nint*, nint> GetAllocatorWithDefaultOptions;
    internal static delegate* unmanaged[Cdecl]<nint, void*, nint> AllocatorFree;

    // Values and tensors
    internal static delegate* unmanaged[Cdecl]<nint, long*, nuint, int, nint*, nint> CreateTensorAsOrtValue;
    internal static delegate* unmanaged[Cdecl]<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue;
    internal static delegate* unmanaged[Cdecl]<nint, int*, nint> IsTensor;
    internal static delegate* unmanaged[Cdecl]<nint, int*, nint> GetValueType;
    internal static delegate* unmanaged[Cdecl]<nint, void**, nint> GetTensorMutableData;
    internal static delegate* unmanaged[Cdecl]<nint, nint*, nint> GetTensorTypeAndShape;
    internal static delegate* unmanaged[Cdecl]<nint, void> ReleaseValue;

    // Run
    internal static delegate* unmanaged[Cdecl]<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint> Run;
    internal static delegate* unmanaged[Cdecl]<nint*, nint> CreateRunOptions;
    internal static delegate* unmanaged[Cdecl]<nint, nint> RunOptionsSetTerminate;
    internal static delegate* unmanaged[Cdecl]<nint, void> ReleaseRunOptions;

    // IoBinding
    internal static delegate* unmanaged[Cdecl]<nint, nint*, nint> CreateIoBinding;
    internal static delegate* unmanaged[Cdecl]<nint, byte*, nint, nint> BindInput;
    internal static delegate* unmanaged[Cdecl]<nint, byte*, nint, nint> BindOutput;
    internal static delegate* unmanaged[Cdecl]<nint, byte*, nint, nint> BindOutputToDevice;
    internal static delegate* unmanaged[Cdecl]<nint, nint, nint**, nuint*, nint> GetBoundOutputValues;
    internal static delegate* unmanaged[Cdecl]<nint, void> ClearBoundInputs;
    internal static delegate* unmanaged[Cdecl]<nint, void> ClearBoundOutputs;
    internal static delegate* unmanaged[Cdecl]<nint, nint, nint, nint> RunWithBinding;
    internal static delegate* unmanaged[Cdecl]<nint, void> ReleaseIoBinding;

    // Execution providers
    internal static delegate* unmanaged[Cdecl]<byte***, int*, nint> GetAvailableProviders;
    internal static delegate* unmanaged[Cdecl]<byte**, int, nint> ReleaseAvailableProviders;
    internal static delegate* unmanaged[Cdecl]<nint*, nint> CreateCUDAProviderOptions;
    internal static delegate* unmanaged[Cdecl]<nint, byte**, byte**, nuint, nint> UpdateCUDAProviderOptions;
    internal static delegate* unmanaged[Cdecl]<nint, nint, nint> SessionOptionsAppendExecutionProvider_CUDA_V2;
    internal static delegate* unmanaged[Cdecl]<nint, void> ReleaseCUDAProviderOptions;

    /// <summary>Loads the library (once) and reads the function table. Safe to call from any thread, any number of times.</summary>
    internal static void EnsureInitialized(string? explicitLibraryPath)
    {
        if (_initialized)
        {
            OrtLibrary.CheckSameLibrary(explicitLibraryPath);
            return;
        }
        lock (Gate)
        {
            if (_initialized)
            {
                OrtLibrary.CheckSameLibrary(explicitLibraryPath);
                return;
            }
            Bind((nint*)OrtLibrary.Load(explicitLibraryPath, Version));
            _initialized = true;
        }
    }

    /// <summary>Functions that need the table but cannot choose the library (tensors, memory info) ask for an environment first.</summary>
    internal static void ThrowIfNotInitialized()
    {
        if (!_initialized)
            throw new InvalidOperationException("ONNX Runtime is not loaded yet: create an OnnxRuntimeEnvironment first.");
    }

    /// <summary>
    /// The one place where an <c>OrtStatus*</c> becomes an exception: null is success; anything else carries ORT's
    /// error code and message into an <see cref="OnnxRuntimeException"/> and is released here.
    /// </summary>
    internal static void Check(nint status)
    {
        if (status != 0)
            Throw(status);
    }

    [DoesNotReturn]
    private static void Throw(nint status)
    {
        var code = (OrtErrorCode)GetErrorCode(status);
        var message = Marshal.PtrToStringUTF8((nint)GetErrorMessage(status)) ?? "(no message)";
        ReleaseStatus(status);
        throw new OnnxRuntimeException(code, message);
    }

    private static void Bind(nint* t)
    {
        GetErrorCode = (delegate* unmanaged[Cdecl]<nint, int>)t[OrtApiSlots.GetErrorCode];
        GetErrorMessage = (delegate* unmanaged[Cdecl]<nint, byte*>)t[OrtApiSlots.GetErrorMessage];
        ReleaseStatus = (delegate* unmanaged[Cdecl]<nint, void>)t[OrtApiSlots.ReleaseStatus];

        CreateEnv = (delegate* unmanaged[Cdecl]<int, byte*, nint*, nint>)t[OrtApiSlots.CreateEnv];
        CreateEnvWithGlobalThreadPools = (delegate* unmanaged[Cdecl]<int, byte*, nint, nint*, nint>)t[OrtApiSlots.CreateEnvWithGlobalThreadPools];
        ReleaseEnv = (delegate* unmanaged[Cdecl]<nint, void>)t[OrtApiSlots.ReleaseEnv];
        CreateThreadingOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)t[OrtApiSlots.CreateThreadingOptions];
        SetGlobalIntraOpNumThreads = (delegate* unmanaged[Cdecl]<nint, int, nint>)t[OrtApiSlots.SetGlobalIntraOpNumThreads];
        SetGlobalInterOpNumThreads = (delegate* unmanaged[Cdecl]<nint, int, nint>)t[OrtApiSlots.SetGlobalInterOpNumThreads];
        SetGlobalSpinControl = (delegate* unmanaged[Cdecl]<nint, int, nint>)t[OrtApiSlots.SetGlobalSpinControl];
        ReleaseThreadingOptions = (delegate* unmanaged[Cdecl]<nint, void>)t[OrtApiSlots.ReleaseThreadingOptions];

        CreateSessionOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)t[OrtApiSlots.CreateSessionOptions];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged[Cdecl]<nint, int, nint>)t[OrtApiSlots.SetSessionGraphOptimizationLevel];
        SetIntraOpNumThreads = (delegate* unmanaged[Cdecl]<nint, int, nint>)t[OrtApiSlots.SetIntraOpNumThreads];
        SetInterOpNumThreads = (delegate* unmanaged[Cdecl]<nint, int, nint>)t[OrtApiSlots.SetInterOpNumThreads];
        DisablePerSessionThreads = (delegate* unmanaged[Cdecl]<nint, nint>)t[OrtApiSlots.DisablePerSessionThreads];
        AddSessionConfigEntry = (delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint>)t[OrtApiSlots.AddSessionConfigEntry];
        ReleaseSessionOptions = (delegate* unmanaged[Cdecl]<nint, void>)t[OrtApiSlots.ReleaseSessionOptions];

        CreateSession = (delegate* unmanaged[Cdecl]<nint, void*, nint, nint*, nint>)t[OrtApiSlots.CreateSession];
        CreateSessionFromArray = (delegate* unmanaged[Cdecl]<nint, void*, nuint, nint, nint*, nint>)t[OrtApiSlots.CreateSessionFromArray];
        SessionGetInputCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)t[OrtApiSlots.SessionGetInputCount];
        SessionGetOutputCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)t[OrtApiSlots.SessionGetOutputCount];
        SessionGetInputName = (delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint>)t[OrtApiSlots.SessionGetInputName];
        SessionGetOutputName = (delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint>)t[OrtApiSlots.SessionGetOutputName];
        SessionGetInputTypeInfo = (delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint>)t[OrtApiSlots.SessionGetInputTypeInfo];
        SessionGetOutputTypeInfo = (delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint>)t[OrtApiSlots.SessionGetOutputTypeInfo];
        ReleaseSession = (delegate* unmanaged[Cdecl]<nint, void>)t[OrtApiSlots.ReleaseSession];

        GetOnnxTypeFromTypeInfo = (delegate* unmanaged[Cdecl]<nint, int*, nint>)t[OrtApiSlots.GetOnnxTypeFromTypeInfo];
        CastTypeInfoToTensorInfo = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)t[OrtApiSlots.CastTypeInfoToTensorInfo];
        ReleaseTypeInfo = (delegate* unmanaged[Cdecl]<nint, void>)t[OrtApiSlots.ReleaseTypeInfo];
        GetTensorElementType = (delegate* unmanaged[Cdecl]<nint, int*, nint>)t[OrtApiSlots.GetTensorElementType];
        GetDimensionsCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)t[OrtApiSlots.GetDimensionsCount];
        GetDimensions = (delegate* unmanaged[Cdecl]<nint, long*, nuint, nint>)t[OrtApiSlots.GetDimensions];
        GetTensorShapeElementCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)t[OrtApiSlots.GetTensorShapeElementCount];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged[Cdecl]<nint, void>)t[OrtApiSlots.ReleaseTensorTypeAndShapeInfo];

        CreateCpuMemoryInfo = (delegate* unmanaged[Cdecl]<int, int, nint*, nint>)t[OrtApiSlots.CreateCpuMemoryInfo];
        CreateMemoryInfo = (delegate* unmanaged[Cdecl]<byte*, int, int, int, nint*, nint>)t[OrtApiSlots.CreateMemoryInfo];
        ReleaseMemoryInfo = (delegate* unmanaged[Cdecl]<nint, void>)t[OrtApiSlots.ReleaseMemoryInfo];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)t[OrtApiSlots.GetAllocatorWithDefaultOptions];
        AllocatorFree = (delegate* unmanaged[Cdecl]<nint, void*, nint>)t[OrtApiSlots.AllocatorFree];

        CreateTensorAsOrtValue = (delegate* unmanaged[Cdecl]<nint, long*, nuint, int, nint*, nint>)t[OrtApiSlots.CreateTensorAsOrtValue];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged[Cdecl]<nint, void*, nuint, long*, nuint, int, nint*, nint>)t[OrtApiSlots.CreateTensorWithDataAsOrtValue];
        IsTensor = (delegate* unmanaged[Cdecl]<nint, int*, nint>)t[OrtApiSlots.IsTensor];
        GetValueType = (delegate* unmanaged[Cdecl]<nint, int*, nint>)t[OrtApiSlots.GetValueType];
        GetTensorMutableData = (delegate* unmanaged[Cdecl]<nint, void**, nint>)t[OrtApiSlots.GetTensorMutableData];
        GetTensorTypeAndShape = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)t[OrtApiSlots.GetTensorTypeAndShape];
        ReleaseValue = (delegate* unmanaged[Cdecl]<nint, void>)t[OrtApiSlots.ReleaseValue];

        Run = (delegate* unmanaged[Cdecl]<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint>)t[OrtApiSlots.Run];
        CreateRunOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)t[OrtApiSlots.CreateRunOptions];
        RunOptionsSetTerminate = (delegate* unmanaged[Cdecl]<nint, nint>)t[OrtApiSlots.RunOptionsSetTerminate];
        ReleaseRunOptions = (delegate* unmanaged[Cdecl]<nint, void>)t[OrtApiSlots.ReleaseRunOptions];

        CreateIoBinding = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)t[OrtApiSlots.CreateIoBinding];
        BindInput = (delegate* unmanaged[Cdecl]<nint, byte*, nint, nint>)t[OrtApiSlots.BindInput];
        BindOutput = (delegate* unmanaged[Cdecl]<nint, byte*, nint, nint>)t[OrtApiSlots.BindOutput];
        BindOutputToDevice = (delegate* unmanaged[Cdecl]<nint, byte*, nint, nint>)t[OrtApiSlots.BindOutputToDevice];
        GetBoundOutputValues = (delegate* unmanaged[Cdecl]<nint, nint, nint**, nuint*, nint>)t[OrtApiSlots.GetBoundOutputValues];
        ClearBoundInputs = (delegate* unmanaged[Cdecl]<nint, void>)t[OrtApiSlots.ClearBoundInputs];
        ClearBoundOutputs = (delegate* unmanaged[Cdecl]<nint, void>)t[OrtApiSlots.ClearBoundOutputs];
        RunWithBinding = (delegate* unmanaged[Cdecl]<nint, nint, nint, nint>)t[OrtApiSlots.RunWithBinding];
        ReleaseIoBinding = (delegate* unmanaged[Cdecl]<nint, void>)t[OrtApiSlots.ReleaseIoBinding];

        GetAvailableProviders = (delegate* unmanaged[Cdecl]<byte***, int*, nint>)t[OrtApiSlots.GetAvailableProviders];
        ReleaseAvailableProviders = (delegate* unmanaged[Cdecl]<byte**, int, nint>)t[OrtApiSlots.ReleaseAvailableProviders];
        CreateCUDAProviderOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)t[OrtApiSlots.CreateCUDAProviderOptions];
        UpdateCUDAProviderOptions = (delegate* unmanaged[Cdecl]<nint, byte**, byte**, nuint, nint>)t[OrtApiSlots.UpdateCUDAProviderOptions];
        SessionOptionsAppendExecutionProvider_CUDA_V2 = (delegate* unmanaged[Cdecl]<nint, nint, nint>)t[OrtApiSlots.SessionOptionsAppendExecutionProvider_CUDA_V2];
        ReleaseCUDAProviderOptions = (delegate* unmanaged[Cdecl]<nint, void>)t[OrtApiSlots.ReleaseCUDAProviderOptions];
    }
}
