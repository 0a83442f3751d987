namespace NlQuery.OnnxRuntime;

/// <summary>
/// The requested execution provider (CUDA) cannot be used on this machine: its provider library is not part of the
/// ONNX Runtime build that was shipped, a CUDA library it needs is missing, or ONNX Runtime failed to start it.
/// <see cref="OnnxSessionOptions.FallbackToCpu"/> turns this into a warning.
/// </summary>
public sealed class ExecutionProviderUnavailableException : Exception
{
    public ExecutionProviderUnavailableException(ExecutionProvider provider, string message, IReadOnlyList<string> missingFiles, Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider;
        MissingFiles = missingFiles;
    }

    public ExecutionProvider Provider { get; }

    /// <summary>
    /// The libraries that were missing: ONNX Runtime's provider libraries (looked for beside libonnxruntime), or the
    /// CUDA libraries the loader could not find. Empty when the provider failed for another reason.
    /// </summary>
    public IReadOnlyList<string> MissingFiles { get; }
}
