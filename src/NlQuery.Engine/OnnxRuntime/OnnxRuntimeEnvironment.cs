using System.Runtime.InteropServices;
using System.Text;
using NlQuery.OnnxRuntime.Native;

namespace NlQuery.OnnxRuntime;

/// <summary>
/// The ONNX Runtime environment: loads the native library on first use, owns logging and (by default) the global
/// thread pools that every session created from it shares. Create one per process and keep it for the process's
/// lifetime; ONNX Runtime itself keeps a single environment, so the options of the first one win.
/// </summary>
public sealed unsafe class OnnxRuntimeEnvironment : IDisposable
{
    private readonly OrtEnvHandle _handle = new();
    private volatile bool _disposed;

    public OnnxRuntimeEnvironment(OnnxRuntimeEnvironmentOptions? options = null)
    {
        Options = options ?? new OnnxRuntimeEnvironmentOptions();
        if (Options.IntraOpThreads < 0 || Options.InterOpThreads < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "Thread counts must be 0 (let ONNX Runtime choose) or positive.");
        OrtApi.EnsureInitialized(Options.LibraryPath);

        var logId = Encoding.UTF8.GetBytes(Options.LogId + "\0");
        nint env;
        fixed (byte* id = logId)
        {
            if (Options.UseGlobalThreadPools)
            {
                using var threading = new OrtThreadingOptionsHandle();
                nint t;
                OrtApi.Check(OrtApi.CreateThreadingOptions(&t));
                threading.Adopt(t);
                OrtApi.Check(OrtApi.SetGlobalIntraOpNumThreads(t, Options.IntraOpThreads));
                OrtApi.Check(OrtApi.SetGlobalInterOpNumThreads(t, Options.InterOpThreads));
                OrtApi.Check(OrtApi.SetGlobalSpinControl(t, Options.AllowSpinning ? 1 : 0));
                OrtApi.Check(OrtApi.CreateEnvWithGlobalThreadPools((int)Options.LogLevel, id, t, &env));
            }
            else
            {
                OrtApi.Check(OrtApi.CreateEnv((int)Options.LogLevel, id, &env));
            }
        }
        _handle.Adopt(env);
    }

    public OnnxRuntimeEnvironmentOptions Options { get; }

    /// <summary>The loaded library's version, e.g. "1.30.0".</summary>
    public static string? Version => OrtLibrary.VersionString;

    /// <summary>The full path of the loaded native library.</summary>
    public static string? LibraryPath => OrtLibrary.LoadedPath;

    /// <summary>The execution providers this ONNX Runtime build was compiled with (not all may be usable here).</summary>
    public IReadOnlyList<string> AvailableProviders
    {
        get
        {
            byte** names;
            int count;
            OrtApi.Check(OrtApi.GetAvailableProviders(&names, &count));
            try
            {
                var result = new string[count];
                for (var i = 0; i < count; i++)
                    result[i] = Marshal.PtrToStringUTF8((nint)names[i]) ?? "";
                return result;
            }
            finally
            {
                OrtApi.Check(OrtApi.ReleaseAvailableProviders(names, count));
            }
        }
    }

    /// <summary>Loads a model file into a session.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the model or the options.</exception>
    public OnnxSession CreateSession(string modelPath, OnnxSessionOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new(this, modelPath, options ?? new OnnxSessionOptions());
    }

    internal nint Pointer => _handle.Pointer;

    internal OrtEnvHandle Handle => _handle;

    /// <summary>Releases this reference; ONNX Runtime's environment lives on while sessions created from it do.</summary>
    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
    }
}
