using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;

namespace NlQuery.OnnxRuntime.Internal;

/// <summary>
/// Appends the CUDA execution provider to session options, turning ONNX Runtime's failures into an
/// <see cref="ExecutionProviderUnavailableException"/> that names what is missing. ONNX Runtime loads CUDA from
/// libonnxruntime_providers_cuda beside its own library (only the GPU package ships it), and that library in turn
/// needs CUDA's and cuDNN's; a bare dlopen failure would leave the user guessing which.
/// </summary>
internal static partial class CudaProvider
{
    internal static IReadOnlyList<string> ProviderFiles { get; } = OperatingSystem.IsWindows()
        ? ["onnxruntime_providers_shared.dll", "onnxruntime_providers_cuda.dll"]
        : ["libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so"];

    private static string MainLibrary =>
        OperatingSystem.IsWindows() ? "onnxruntime.dll" : OperatingSystem.IsMacOS() ? "libonnxruntime.dylib" : "libonnxruntime.so";

    /// <summary>
    /// The folder the package's libonnxruntime is loaded from: the application folder (a RID-specific publish) or
    /// its runtimes/&lt;rid&gt;/native (a portable build); null when neither holds it (a host with its own resolver).
    /// </summary>
    internal static string? NativeFolder()
    {
        var app = AppContext.BaseDirectory;
        var rid = (OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" +
                  RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        return new[] { app, Path.Combine(app, "runtimes", rid, "native") }
            .FirstOrDefault(folder => File.Exists(Path.Combine(folder, MainLibrary)));
    }

    /// <summary>Adds CUDA to <paramref name="options"/>, or throws naming the missing provider or CUDA libraries.</summary>
    internal static void Append(SessionOptions options, int deviceId)
    {
        if (OperatingSystem.IsMacOS())
            throw new ExecutionProviderUnavailableException(ExecutionProvider.Cuda, "The CUDA execution provider does not exist for macOS; run on the CPU.", []);
        var folder = NativeFolder();
        if (folder is not null)
        {
            var missing = ProviderFiles.Where(name => !File.Exists(Path.Combine(folder, name))).ToList();
            if (missing.Count > 0)
            {
                throw new ExecutionProviderUnavailableException(ExecutionProvider.Cuda,
                    $"The CUDA execution provider is not available: {string.Join(" and ", missing)} " +
                    $"{(missing.Count == 1 ? "is" : "are")} missing from '{folder}' (beside {MainLibrary}). This is the CPU build of " +
                    "ONNX Runtime; build NlQuery with -p:NlQueryGpu=true for the CUDA build (Microsoft.ML.OnnxRuntime.Gpu.Linux), or run on the CPU.",
                    missing);
            }
        }
        try
        {
            options.AppendExecutionProvider_CUDA(deviceId);
        }
        catch (OnnxRuntimeException e)
        {
            throw Unavailable(e);
        }
    }

    /// <summary>
    /// Whether a session-creation failure under CUDA comes from the provider (a CUDA library missing, no device)
    /// rather than from the model, which the CPU would reject just the same.
    /// </summary>
    internal static bool IsProviderFailure(Exception e) =>
        e.Message.Contains("[ErrorCode:EPFail]", StringComparison.OrdinalIgnoreCase) ||
        e.Message.Contains("cuda", StringComparison.OrdinalIgnoreCase) ||
        e.Message.Contains("cudnn", StringComparison.OrdinalIgnoreCase) ||
        MissingLibrary().IsMatch(e.Message);

    /// <summary>
    /// The exception for a provider failure, naming every library missing: those the message names, and those the CUDA
    /// provider needs that can be found neither beside it nor on the loader's path.
    /// </summary>
    internal static ExecutionProviderUnavailableException Unavailable(Exception e)
    {
        var missing = MissingLibrary().Matches(e.Message).Select(m => m.Groups["name"].Value)
            .Concat(MissingDependencies())
            .Distinct()
            .ToList();
        var message = missing.Count > 0
            ? $"The CUDA execution provider could not be loaded: {string.Join(", ", missing)} {(missing.Count == 1 ? "was" : "were")} not found. " +
              $"Install the NVIDIA driver and the CUDA and cuDNN versions ONNX Runtime {OrtEnv.Instance().GetVersionString()}'s GPU build needs (its release notes list them) " +
              $"and make them findable (LD_LIBRARY_PATH on Linux, PATH on Windows), or run on the CPU. ONNX Runtime said: {e.Message}"
            : $"The CUDA execution provider could not be started: {e.Message}";
        return new ExecutionProviderUnavailableException(ExecutionProvider.Cuda, message, missing, e);
    }

    /// <summary>The DT_NEEDED libraries of libonnxruntime_providers_cuda.so that cannot be loaded (Linux only).</summary>
    internal static List<string> MissingDependencies()
    {
        if (!OperatingSystem.IsLinux() || NativeFolder() is not { } folder)
            return [];
        var provider = Path.Combine(folder, ProviderFiles[1]);
        if (!File.Exists(provider))
            return [];
        return ElfDependencies.Read(provider)
            .Where(name => !File.Exists(Path.Combine(folder, name)) && !CanLoad(name))
            .ToList();
    }

    private static bool CanLoad(string name)
    {
        if (!NativeLibrary.TryLoad(name, out var handle))
            return false;
        NativeLibrary.Free(handle);
        return true;
    }

    // dlerror names the first library it could not find: "libcublasLt.so.12: cannot open shared object file".
    // (Windows' LoadLibrary message names only the provider DLL, so there the ORT message is all there is.)
    [GeneratedRegex(@"(?<name>[\w.+-]+\.so(?:\.\d+)*): cannot open shared object file")]
    private static partial Regex MissingLibrary();
}
