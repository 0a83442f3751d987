namespace NlQuery.OnnxRuntime;

/// <summary>Where a session runs its model.</summary>
public enum ExecutionProvider
{
    /// <summary>ONNX Runtime's CPU kernels: always available.</summary>
    Cpu,

    /// <summary>An NVIDIA GPU; needs libonnxruntime_providers_shared and libonnxruntime_providers_cuda beside libonnxruntime, and CUDA itself.</summary>
    Cuda,
}
