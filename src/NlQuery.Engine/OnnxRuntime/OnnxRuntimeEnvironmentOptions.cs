using Microsoft.ML.OnnxRuntime;

namespace NlQuery.OnnxRuntime;

/// <summary>How the process's ONNX Runtime environment is created: how much logging, which threads.</summary>
public sealed class OnnxRuntimeEnvironmentOptions
{
    /// <summary>The lowest severity ONNX Runtime writes to stderr.</summary>
    public OrtLoggingLevel LogLevel { get; init; } = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;

    /// <summary>The name ONNX Runtime puts in its log lines.</summary>
    public string LogId { get; init; } = "NlQuery";

    /// <summary>
    /// One intra-op and one inter-op pool shared by every session of the process (default). With per-session
    /// pools each session spins its own threads: the three T5 sessions on two cores then ran 1.5–2× slower.
    /// </summary>
    public bool UseGlobalThreadPools { get; init; } = true;

    /// <summary>Threads in the global intra-op pool; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads in the global inter-op pool; 0 lets ONNX Runtime choose.</summary>
    public int InterOpThreads { get; init; }

    /// <summary>Whether idle pool threads spin waiting for work. Off by default: spinning steals the cores other work needs.</summary>
    public bool AllowSpinning { get; init; }
}
