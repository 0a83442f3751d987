using NlQuery.OnnxRuntime.Native;

namespace NlQuery.OnnxRuntime;

/// <summary>
/// Inputs and outputs bound to a session ahead of a run (<c>OrtIoBinding</c>). Outputs bound to a device are
/// allocated by ONNX Runtime where the model produces them, so a decoder's KV cache can be fed back as the next
/// step's inputs without copying it through managed memory (or, on a GPU, off the device).
/// Bound values must stay alive until the run that uses them has finished. Not thread-safe.
/// </summary>
public sealed unsafe class OnnxIoBinding : IDisposable
{
    private readonly OnnxSession _session;
    private readonly OrtIoBindingHandle _handle = new();

    internal OnnxIoBinding(OnnxSession session)
    {
        _session = session;
        nint p;
        OrtApi.Check(OrtApi.CreateIoBinding(session.Pointer, &p));
        _handle.Adopt(p);
        _handle.HoldSession(session.Handle);
    }

    public void BindInput(string name, OnnxValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Bind(OrtApi.BindInput, name, value.Pointer);
    }

    /// <summary>Binds an output to a tensor the caller allocated (its shape must be the one the model produces).</summary>
    public void BindOutput(string name, OnnxValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Bind(OrtApi.BindOutput, name, value.Pointer);
    }

    /// <summary>Binds an output to memory ONNX Runtime allocates at run time on <paramref name="memoryInfo"/>'s device.</summary>
    public void BindOutputToDevice(string name, OnnxMemoryInfo memoryInfo)
    {
        ArgumentNullException.ThrowIfNull(memoryInfo);
        Bind(OrtApi.BindOutputToDevice, name, memoryInfo.Pointer);
    }

    /// <summary>The three Bind calls share one signature: a binding, a NUL-terminated name, and a value or memory info.</summary>
    private void Bind(delegate* unmanaged[Cdecl]<nint, byte*, nint, nint> bind, string name, nint target)
    {
        var names = new OnnxSession.NameBuffer(_session);
        try
        {
            OrtApi.Check(bind(_handle.Pointer, (byte*)names.Get(name), target));
        }
        finally
        {
            names.Free();
        }
    }

    public void ClearBoundInputs() => OrtApi.ClearBoundInputs(_handle.Pointer);

    public void ClearBoundOutputs() => OrtApi.ClearBoundOutputs(_handle.Pointer);

    /// <summary>Runs the session on the bound inputs, filling the bound outputs.</summary>
    public void Run(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _session.ThrowIfDisposed();
        var added = false;
        try
        {
            _session.Handle.DangerousAddRef(ref added);
            using var run = RunControl.Start(cancellationToken);
            run.Check(OrtApi.RunWithBinding(_session.Pointer, run.Pointer, _handle.Pointer));
        }
        finally
        {
            if (added)
                _session.Handle.DangerousRelease();
        }
    }

    /// <summary>The outputs of the last run, in the order they were bound; each is a new reference the caller disposes.</summary>
    public OnnxValue[] GetOutputValues()
    {
        nint allocator;
        OrtApi.Check(OrtApi.GetAllocatorWithDefaultOptions(&allocator));
        nint* values;
        nuint count;
        OrtApi.Check(OrtApi.GetBoundOutputValues(_handle.Pointer, allocator, &values, &count));
        if (values == null)
            return [];
        try
        {
            var result = new OnnxValue[(int)count];
            for (var i = 0; i < result.Length; i++)
                result[i] = OnnxValue.Adopt(values[i]);
            return result;
        }
        finally
        {
            OrtApi.Check(OrtApi.AllocatorFree(allocator, values));
        }
    }

    public void Dispose() => _handle.Dispose();
}
