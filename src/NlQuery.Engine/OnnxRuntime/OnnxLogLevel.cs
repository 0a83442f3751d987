namespace NlQuery.OnnxRuntime;

/// <summary>The lowest severity ONNX Runtime writes to stderr (<c>OrtLoggingLevel</c>).</summary>
public enum OnnxLogLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}
