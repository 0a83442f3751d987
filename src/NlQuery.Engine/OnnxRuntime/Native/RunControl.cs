namespace NlQuery.OnnxRuntime.Native;

/// <summary>
/// Ties a CancellationToken to one run: when the token can be cancelled, an <c>OrtRunOptions</c> is created and
/// cancellation calls <c>RunOptionsSetTerminate</c>, which makes ONNX Runtime stop between kernels and fail the run;
/// that failure is then reported as an <see cref="OperationCanceledException"/>. Uncancellable runs pay nothing.
/// </summary>
internal readonly unsafe struct RunControl : IDisposable
{
    private readonly OrtRunOptionsHandle? _options;
    private readonly CancellationTokenRegistration _registration;
    private readonly CancellationToken _token;

    private RunControl(OrtRunOptionsHandle options, CancellationToken token)
    {
        _options = options;
        _token = token;
        _registration = token.Register(static state => Terminate((OrtRunOptionsHandle)state!), options);
    }

    internal static RunControl Start(CancellationToken token)
    {
        if (!token.CanBeCanceled)
            return default;
        var options = new OrtRunOptionsHandle();
        nint p;
        OrtApi.Check(OrtApi.CreateRunOptions(&p));
        options.Adopt(p);
        return new RunControl(options, token);
    }

    /// <summary>The <c>OrtRunOptions*</c> to pass to Run (null when the run cannot be cancelled).</summary>
    internal nint Pointer => _options?.Pointer ?? 0;

    /// <summary>Checks a run's status; a failure caused by cancellation becomes <see cref="OperationCanceledException"/>.</summary>
    internal void Check(nint status)
    {
        try
        {
            OrtApi.Check(status);
        }
        catch (OnnxRuntimeException e) when (_token.IsCancellationRequested)
        {
            throw new OperationCanceledException("The ONNX Runtime run was cancelled.", e, _token);
        }
        _token.ThrowIfCancellationRequested();
    }

    private static void Terminate(OrtRunOptionsHandle options)
    {
        var added = false;
        try
        {
            options.DangerousAddRef(ref added);
            OrtApi.Check(OrtApi.RunOptionsSetTerminate(options.DangerousGetHandle()));
        }
        catch (ObjectDisposedException)
        {
            // The run already finished.
        }
        finally
        {
            if (added)
                options.DangerousRelease();
        }
    }

    public void Dispose()
    {
        // Unregister first so that no late cancellation touches released run options.
        _registration.Dispose();
        _options?.Dispose();
    }
}
