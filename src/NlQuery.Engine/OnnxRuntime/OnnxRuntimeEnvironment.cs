using Microsoft.ML.OnnxRuntime;
using NlQuery.OnnxRuntime.Internal;

namespace NlQuery.OnnxRuntime;

/// <summary>
/// NlQuery's door to ONNX Runtime (the official <c>Microsoft.ML.OnnxRuntime</c> package): creates the process's
/// <see cref="OrtEnv"/>, by default with global thread pools, and <see cref="InferenceSession"/>s that use them, with
/// the graph optimisation level and execution provider of <see cref="OnnxSessionOptions"/>.
/// </summary>
/// <remarks>
/// ONNX Runtime keeps one environment per process, so the options of the first <see cref="OnnxRuntimeEnvironment"/>
/// win, and every later one shares its environment. If other code created the <see cref="OrtEnv"/> first (any
/// <c>new InferenceSession</c> does), it has no global pools: sessions then get their own threads
/// (<see cref="UsesGlobalThreadPools"/> is false), because a session told to use global pools that do not exist fails.
/// Disposing only closes this object for new sessions; the environment lives as long as the process.
/// </remarks>
public sealed class OnnxRuntimeEnvironment : IDisposable
{
    private static readonly Lock Gate = new();

    // Decided once per process, by the first environment: whether the OrtEnv has global thread pools.
    private static bool? s_globalPools;

    private volatile bool _disposed;

    public OnnxRuntimeEnvironment(OnnxRuntimeEnvironmentOptions? options = null)
    {
        Options = options ?? new OnnxRuntimeEnvironmentOptions();
        if (Options.IntraOpThreads < 0 || Options.InterOpThreads < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "Thread counts must be 0 (let ONNX Runtime choose) or positive.");
        ArgumentException.ThrowIfNullOrEmpty(Options.LogId, nameof(options));
        lock (Gate)
            UsesGlobalThreadPools = s_globalPools ??= CreateOrtEnv(Options);
    }

    public OnnxRuntimeEnvironmentOptions Options { get; }

    /// <summary>Whether sessions share the process's global thread pools (see the remarks for when they cannot).</summary>
    public bool UsesGlobalThreadPools { get; }

    /// <summary>The ONNX Runtime version in use, e.g. "1.32.0".</summary>
    /// <remarks>An instance property on purpose: <see cref="OrtEnv.Instance"/> before the first environment would create a plain OrtEnv, without global pools.</remarks>
    public string Version => OrtEnv.Instance().GetVersionString();

    /// <summary>The execution providers this ONNX Runtime build was compiled with (not all may be usable here).</summary>
    public IReadOnlyList<string> AvailableProviders => OrtEnv.Instance().GetAvailableProviders();

    /// <summary>Loads a model file into a session.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the model or the options.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">CUDA was asked for, cannot be used, and <see cref="OnnxSessionOptions.FallbackToCpu"/> is off.</exception>
    public InferenceSession CreateSession(string modelPath, OnnxSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
            throw new FileNotFoundException($"ONNX model file not found: '{fullPath}'.", fullPath);
        return Create(sessionOptions => new InferenceSession(fullPath, sessionOptions), $"'{Path.GetFileName(fullPath)}'", options);
    }

    /// <summary>Loads a model held in memory (an ONNX protobuf) into a session.</summary>
    /// <exception cref="ArgumentException">The array is empty.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the model or the options.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">CUDA was asked for, cannot be used, and <see cref="OnnxSessionOptions.FallbackToCpu"/> is off.</exception>
    public InferenceSession CreateSession(byte[] model, OnnxSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Length == 0)
            throw new ArgumentException("The ONNX model is empty (0 bytes).", nameof(model));
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Create(sessionOptions => new InferenceSession(model, sessionOptions), $"the in-memory model ({model.Length} bytes)", options);
    }

    /// <summary>Closes this object for new sessions; sessions already created keep running.</summary>
    public void Dispose() => _disposed = true;

    private InferenceSession Create(Func<SessionOptions, InferenceSession> open, string what, OnnxSessionOptions? options)
    {
        options ??= new OnnxSessionOptions();
        if (options.IntraOpThreads < 0 || options.InterOpThreads < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "Thread counts must be 0 (let ONNX Runtime choose) or positive.");
        if (options.ExecutionProvider == ExecutionProvider.Cuda)
        {
            try
            {
                using var cudaOptions = CreateSessionOptions(options, useCuda: true);
                try
                {
                    return open(cudaOptions);
                }
                catch (OnnxRuntimeException e) when (CudaProvider.IsProviderFailure(e))
                {
                    throw CudaProvider.Unavailable(e);
                }
            }
            catch (ExecutionProviderUnavailableException e) when (options.FallbackToCpu)
            {
                options.Warning?.Invoke($"warning: CUDA is not usable, running {what} on the CPU instead: {e.Message}");
            }
        }
        using var cpuOptions = CreateSessionOptions(options, useCuda: false);
        return open(cpuOptions);
    }

    private SessionOptions CreateSessionOptions(OnnxSessionOptions options, bool useCuda)
    {
        var sessionOptions = new SessionOptions();
        try
        {
            sessionOptions.GraphOptimizationLevel = options.GraphOptimizationLevel;
            if (UsesGlobalThreadPools)
            {
                sessionOptions.DisablePerSessionThreads();
            }
            else
            {
                sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
                sessionOptions.InterOpNumThreads = options.InterOpThreads;
                if (!Options.AllowSpinning)
                    sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            }
            if (useCuda)
                CudaProvider.Append(sessionOptions, options.CudaDeviceId);
            return sessionOptions;
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }
    }

    /// <summary>Creates the process's OrtEnv; returns whether it has global thread pools.</summary>
    private static bool CreateOrtEnv(OnnxRuntimeEnvironmentOptions options)
    {
        if (OrtEnv.IsCreated)
            return false;
        try
        {
            if (!options.UseGlobalThreadPools)
            {
                var plain = new EnvironmentCreationOptions { logId = options.LogId, logLevel = options.LogLevel };
                OrtEnv.CreateInstanceWithOptions(ref plain);
                return false;
            }
            // ONNX Runtime copies the threading options into the environment, so they can go right away.
            using var threading = new OrtThreadingOptions
            {
                GlobalIntraOpNumThreads = options.IntraOpThreads,
                GlobalInterOpNumThreads = options.InterOpThreads,
                GlobalSpinControl = options.AllowSpinning,
            };
            var creation = new EnvironmentCreationOptions { logId = options.LogId, logLevel = options.LogLevel, threadOptions = threading };
            OrtEnv.CreateInstanceWithOptions(ref creation);
            return true;
        }
        catch (OnnxRuntimeException) when (OrtEnv.IsCreated)
        {
            // Another thread's InferenceSession created a plain environment between the check and ours.
            return false;
        }
    }
}
