using Microsoft.ML.OnnxRuntime;

namespace NlQuery.OnnxRuntime;

/// <summary>How <see cref="OnnxRuntimeEnvironment.CreateSession(string, OnnxSessionOptions?)"/> loads and runs a model.</summary>
public sealed class OnnxSessionOptions
{
    public GraphOptimizationLevel GraphOptimizationLevel { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    public ExecutionProvider ExecutionProvider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>The GPU the CUDA provider uses.</summary>
    public int CudaDeviceId { get; init; }

    /// <summary>
    /// When CUDA was asked for and cannot be used, run on the CPU and report a warning through <see cref="Warning"/>
    /// instead of throwing <see cref="ExecutionProviderUnavailableException"/>.
    /// </summary>
    public bool FallbackToCpu { get; init; }

    /// <summary>Receives warnings (such as a fallback to the CPU); nothing is reported when null.</summary>
    public Action<string>? Warning { get; init; }

    /// <summary>Intra-op threads of this session; only used when the process has no global thread pools (0 = ORT chooses).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Inter-op threads of this session; only used when the process has no global thread pools (0 = ORT chooses).</summary>
    public int InterOpThreads { get; init; }
}
