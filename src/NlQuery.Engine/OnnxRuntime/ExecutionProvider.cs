namespace NlQuery.OnnxRuntime;

/// <summary>Where a session runs its model.</summary>
public enum ExecutionProvider
{
    /// <summary>ONNX Runtime's CPU kernels: always available.</summary>
    Cpu,

    /// <summary>
    /// An NVIDIA GPU. Needs the GPU build of ONNX Runtime (build NlQuery with <c>-p:NlQueryGpu=true</c>, which ships
    /// libonnxruntime_providers_cuda), and the CUDA and cuDNN libraries that build was made for.
    /// </summary>
    Cuda,
}
