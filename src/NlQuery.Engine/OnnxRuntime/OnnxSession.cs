using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using NlQuery.OnnxRuntime.Native;

namespace NlQuery.OnnxRuntime;

/// <summary>
/// A model loaded into ONNX Runtime. <see cref="Run"/> may be called from many threads at once (ONNX Runtime
/// sessions are thread-safe for Run). Disposing closes the session for new runs; runs already in flight finish,
/// and the native session is freed after the last of them.
/// </summary>
public sealed unsafe class OnnxSession : IDisposable
{
    private readonly OrtSessionHandle _handle = new();
    private volatile bool _disposed;

    // Input and output names as NUL-terminated UTF-8 in pinned arrays, made once: Run passes them without encoding
    // anything. The GC frees them with the session, never while a run that uses them is still in flight.
    private readonly FrozenDictionary<string, PinnedName> _nativeNames;

    internal OnnxSession(OnnxRuntimeEnvironment environment, string modelPath, OnnxSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
            throw new FileNotFoundException($"ONNX model file not found: '{fullPath}'.", fullPath);
        ModelPath = fullPath;

        ExecutionProvider = CreateNativeSession(environment, fullPath, options);

        Inputs = ReadTensorInfos(isInput: true);
        Outputs = ReadTensorInfos(isInput: false);
        InputNames = Inputs.Select(i => i.Name).ToArray();
        OutputNames = Outputs.Select(o => o.Name).ToArray();
        _nativeNames = InputNames.Concat(OutputNames).Distinct().ToFrozenDictionary(name => name, PinnedName.Create);
    }

    public string ModelPath { get; }

    /// <summary>Where the session actually runs: <see cref="ExecutionProvider.Cpu"/> after a fallback from CUDA.</summary>
    public ExecutionProvider ExecutionProvider { get; }

    public IReadOnlyList<OnnxTensorInfo> Inputs { get; }

    public IReadOnlyList<OnnxTensorInfo> Outputs { get; }

    public IReadOnlyList<string> InputNames { get; }

    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>
    /// Runs the model on the named inputs and returns the named outputs, in the order asked, each owned by the
    /// caller. Cancellation asks ONNX Runtime to stop the run between kernels.
    /// </summary>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the inputs (name, type, shape) or failed.</exception>
    public OnnxValue[] Run(ReadOnlySpan<string> inputNames, ReadOnlySpan<OnnxValue> inputs, ReadOnlySpan<string> outputNames,
        CancellationToken cancellationToken = default)
    {
        if (inputNames.Length != inputs.Length)
            throw new ArgumentException($"{inputNames.Length} input names were given for {inputs.Length} input values.", nameof(inputs));
        if (outputNames.IsEmpty)
            throw new ArgumentException("At least one output name is needed.", nameof(outputNames));
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();

        var inCount = inputNames.Length;
        var outCount = outputNames.Length;
        var nameBuffer = new NameBuffer(this);
        var inNames = inCount <= 64 ? stackalloc nint[inCount] : new nint[inCount];
        var inValues = inCount <= 64 ? stackalloc nint[inCount] : new nint[inCount];
        var outNames = outCount <= 64 ? stackalloc nint[outCount] : new nint[outCount];
        var outValues = outCount <= 64 ? stackalloc nint[outCount] : new nint[outCount];
        outValues.Clear();
        var added = false;
        try
        {
            for (var i = 0; i < inCount; i++)
            {
                inNames[i] = nameBuffer.Get(inputNames[i]);
                inValues[i] = (inputs[i] ?? throw new ArgumentNullException(nameof(inputs), $"Input '{inputNames[i]}' is null.")).Pointer;
            }
            for (var i = 0; i < outCount; i++)
                outNames[i] = nameBuffer.Get(outputNames[i]);

            _handle.DangerousAddRef(ref added);
            using var run = RunControl.Start(cancellationToken);
            fixed (nint* pInNames = inNames, pInValues = inValues, pOutNames = outNames, pOutValues = outValues)
            {
                var status = OrtApi.Run(_handle.Pointer, run.Pointer, (byte**)pInNames, pInValues, (nuint)inCount,
                    (byte**)pOutNames, (nuint)outCount, pOutValues);
                run.Check(status);
            }
            var results = new OnnxValue[outCount];
            for (var i = 0; i < outCount; i++)
                results[i] = OnnxValue.Adopt(outValues[i]);
            return results;
        }
        catch
        {
            foreach (var value in outValues)
            {
                if (value != 0)
                    OrtApi.ReleaseValue(value);
            }
            throw;
        }
        finally
        {
            if (added)
                _handle.DangerousRelease();
            nameBuffer.Free();
        }
    }

    /// <summary>Runs the model on the named inputs; see <see cref="Run(ReadOnlySpan{string}, ReadOnlySpan{OnnxValue}, ReadOnlySpan{string}, CancellationToken)"/>.</summary>
    public OnnxValue[] Run(IReadOnlyDictionary<string, OnnxValue> inputs, params string[] outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Run(inputs.Keys.ToArray(), inputs.Values.ToArray(), outputNames);
    }

    /// <summary>An IoBinding on this session: inputs and outputs bound once, outputs left in ORT-allocated memory.</summary>
    public OnnxIoBinding CreateIoBinding()
    {
        ThrowIfDisposed();
        return new(this);
    }

    internal nint Pointer => _handle.Pointer;

    internal OrtSessionHandle Handle => _handle;

    /// <summary>
    /// Closes the session for new work. The native session is freed once no run and no <see cref="OnnxIoBinding"/>
    /// uses it any more.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    public override string ToString() => $"{Path.GetFileName(ModelPath)} ({ExecutionProvider}): inputs {string.Join(", ", Inputs)}; outputs {string.Join(", ", Outputs)}";

    /// <summary>
    /// Names for one native call: the model's names come from the cache; any other name (a caller's typo, which ORT
    /// should report in its own words) is encoded here and freed after the call.
    /// </summary>
    internal struct NameBuffer(OnnxSession session)
    {
        private List<nint>? _temporary;

        internal nint Get(string name)
        {
            ArgumentNullException.ThrowIfNull(name);
            if (session._nativeNames.TryGetValue(name, out var pinned))
                return pinned.Pointer;
            var pointer = Marshal.StringToCoTaskMemUTF8(name);
            (_temporary ??= []).Add(pointer);
            return pointer;
        }

        internal readonly void Free()
        {
            if (_temporary is null)
                return;
            foreach (var pointer in _temporary)
                Marshal.FreeCoTaskMem(pointer);
        }
    }

    /// <summary>A NUL-terminated UTF-8 string on the pinned object heap, and its address.</summary>
    private sealed record PinnedName(byte[] Bytes, nint Pointer)
    {
        internal static PinnedName Create(string name)
        {
            var bytes = GC.AllocateArray<byte>(Encoding.UTF8.GetByteCount(name) + 1, pinned: true);
            Encoding.UTF8.GetBytes(name, bytes);
            return new PinnedName(bytes, (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(bytes)));
        }
    }

    private ExecutionProvider CreateNativeSession(OnnxRuntimeEnvironment environment, string path, OnnxSessionOptions options)
    {
        if (options.ExecutionProvider == ExecutionProvider.Cuda)
        {
            try
            {
                using var cudaOptions = CreateNativeOptions(environment, options, useCuda: true);
                _handle.Adopt(CreateNativeSession(environment, path, cudaOptions));
                _handle.HoldEnvironment(environment.Handle);
                return ExecutionProvider.Cuda;
            }
            catch (OnnxRuntimeException e) when (options.FallbackToCpu && e is ExecutionProviderUnavailableException or { ErrorCode: OrtErrorCode.ExecutionProviderFailure or OrtErrorCode.Fail or OrtErrorCode.RuntimeException })
            {
                options.Warning?.Invoke($"warning: CUDA is not usable, running '{Path.GetFileName(path)}' on the CPU instead: {e.Message}");
            }
        }
        using var cpuOptions = CreateNativeOptions(environment, options, useCuda: false);
        _handle.Adopt(CreateNativeSession(environment, path, cpuOptions));
        _handle.HoldEnvironment(environment.Handle);
        return ExecutionProvider.Cpu;
    }

    private static nint CreateNativeSession(OnnxRuntimeEnvironment environment, string path, OrtSessionOptionsHandle options)
    {
        nint session;
        // ORTCHAR_T is wchar_t (UTF-16) on Windows and char (UTF-8) elsewhere.
        if (OperatingSystem.IsWindows())
        {
            fixed (char* p = path)
                OrtApi.Check(OrtApi.CreateSession(environment.Pointer, p, options.Pointer, &session));
        }
        else
        {
            fixed (byte* p = Encoding.UTF8.GetBytes(path + "\0"))
                OrtApi.Check(OrtApi.CreateSession(environment.Pointer, p, options.Pointer, &session));
        }
        return session;
    }

    private static OrtSessionOptionsHandle CreateNativeOptions(OnnxRuntimeEnvironment environment, OnnxSessionOptions options, bool useCuda)
    {
        var handle = new OrtSessionOptionsHandle();
        try
        {
            nint p;
            OrtApi.Check(OrtApi.CreateSessionOptions(&p));
            handle.Adopt(p);
            OrtApi.Check(OrtApi.SetSessionGraphOptimizationLevel(p, (int)options.GraphOptimizationLevel));
            if (environment.Options.UseGlobalThreadPools)
            {
                OrtApi.Check(OrtApi.DisablePerSessionThreads(p));
            }
            else
            {
                OrtApi.Check(OrtApi.SetIntraOpNumThreads(p, options.IntraOpThreads));
                OrtApi.Check(OrtApi.SetInterOpNumThreads(p, options.InterOpThreads));
                if (!environment.Options.AllowSpinning)
                    AddConfigEntry(p, "session.intra_op.allow_spinning", "0");
            }
            if (useCuda)
                CudaProvider.Append(p, options.CudaDeviceId);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static void AddConfigEntry(nint options, string key, string value)
    {
        fixed (byte* k = Encoding.UTF8.GetBytes(key + "\0"), v = Encoding.UTF8.GetBytes(value + "\0"))
            OrtApi.Check(OrtApi.AddSessionConfigEntry(options, k, v));
    }

    private OnnxTensorInfo[] ReadTensorInfos(bool isInput)
    {
        nuint count;
        var session = _handle.Pointer;
        OrtApi.Check(isInput ? OrtApi.SessionGetInputCount(session, &count) : OrtApi.SessionGetOutputCount(session, &count));
        nint allocator;
        OrtApi.Check(OrtApi.GetAllocatorWithDefaultOptions(&allocator));
        var infos = new OnnxTensorInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* rawName;
            OrtApi.Check(isInput
                ? OrtApi.SessionGetInputName(session, i, allocator, &rawName)
                : OrtApi.SessionGetOutputName(session, i, allocator, &rawName));
            var name = Marshal.PtrToStringUTF8((nint)rawName) ?? "";
            OrtApi.Check(OrtApi.AllocatorFree(allocator, rawName));

            using var typeInfo = new OrtTypeInfoHandle();
            nint t;
            OrtApi.Check(isInput ? OrtApi.SessionGetInputTypeInfo(session, i, &t) : OrtApi.SessionGetOutputTypeInfo(session, i, &t));
            typeInfo.Adopt(t);
            nint tensorInfo;
            OrtApi.Check(OrtApi.CastTypeInfoToTensorInfo(t, &tensorInfo));
            // Non-tensor inputs (sequences, maps) have no tensor info; this binding only feeds tensors.
            infos[(int)i] = tensorInfo == 0
                ? new OnnxTensorInfo(name, TensorElementType.Undefined, [])
                : TensorShape.Read(tensorInfo, name);
        }
        return infos;
    }
}
