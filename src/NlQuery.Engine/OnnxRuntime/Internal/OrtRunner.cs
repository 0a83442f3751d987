using Microsoft.ML.OnnxRuntime;

namespace NlQuery.OnnxRuntime.Internal;

/// <summary>
/// Runs a session with ONNX Runtime-allocated outputs, tied to a CancellationToken: cancellation sets
/// <see cref="RunOptions.Terminate"/>, which makes ONNX Runtime stop between kernels and fail the run; that failure
/// is reported as an <see cref="OperationCanceledException"/>. Uncancellable runs share one RunOptions (Run only
/// reads it) and so allocate nothing for it.
/// </summary>
internal static class OrtRunner
{
    private static readonly RunOptions Uncancellable = new();

    internal static IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, IReadOnlyCollection<string> inputNames,
        IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<string> outputNames, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!cancellationToken.CanBeCanceled)
            return session.Run(Uncancellable, inputNames, inputs, outputNames);

        using var options = new RunOptions();
        // Unregistered (disposed) before the options are, so a late cancellation never touches released options.
        using (TerminateOnCancel(options, cancellationToken))
            return Run(session, options, inputNames, inputs, outputNames, cancellationToken);
    }

    /// <summary>Sets <paramref name="options"/>' Terminate flag when <paramref name="cancellationToken"/> is cancelled.</summary>
    internal static CancellationTokenRegistration TerminateOnCancel(RunOptions options, CancellationToken cancellationToken) =>
        cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, options);

    /// <summary>One run under <paramref name="options"/>; a failure while the token is cancelled is the cancellation.</summary>
    internal static IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, RunOptions options, IReadOnlyCollection<string> inputNames,
        IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<string> outputNames, CancellationToken cancellationToken)
    {
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = session.Run(options, inputNames, inputs, outputNames);
        }
        catch (OnnxRuntimeException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The ONNX Runtime run was cancelled.", e, cancellationToken);
        }
        if (cancellationToken.IsCancellationRequested)
        {
            // Cancelled after the last kernel: the caller asked to stop, so the result is not handed out.
            outputs.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
        }
        return outputs;
    }
}
