namespace NlQuery.OnnxRuntime;

/// <summary>
/// The requested execution provider (CUDA) cannot be used on this machine: its provider libraries are missing, or
/// ONNX Runtime failed to start it. <see cref="OnnxSessionOptions.FallbackToCpu"/> turns this into a warning.
/// </summary>
public sealed class ExecutionProviderUnavailableException : OnnxRuntimeException
{
    public ExecutionProviderUnavailableException(ExecutionProvider provider, string message, IReadOnlyList<string> missingFiles, Exception? innerException = null)
        : base(OrtErrorCode.ExecutionProviderFailure, message, innerException)
    {
        Provider = provider;
        MissingFiles = missingFiles;
    }

    public ExecutionProvider Provider { get; }

    /// <summary>Provider libraries that were looked for next to libonnxruntime and not found (empty when ORT failed for another reason).</summary>
    public IReadOnlyList<string> MissingFiles { get; }
}
