namespace NlQuery.OnnxRuntime;

/// <summary>How the ONNX Runtime environment is created: which library, how much logging, which threads.</summary>
public sealed class OnnxRuntimeEnvironmentOptions
{
    /// <summary>
    /// The ONNX Runtime library file (or the folder holding it). When null: <c>$NLQUERY_ONNXRUNTIME</c>, then the
    /// application folder, then <c>runtimes/&lt;rid&gt;/native</c>. The library is loaded once per process.
    /// </summary>
    public string? LibraryPath { get; init; }

    public OnnxLogLevel LogLevel { get; init; } = OnnxLogLevel.Error;

    /// <summary>The name ONNX Runtime puts in its log lines.</summary>
    public string LogId { get; init; } = "NlQuery";

    /// <summary>
    /// One intra-op and one inter-op pool shared by every session of this environment (default). With per-session
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
