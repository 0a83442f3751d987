using System.Text;

namespace NlQuery.OnnxRuntime.Native;

/// <summary>
/// Appends the CUDA execution provider to session options. ONNX Runtime loads the CUDA provider from two libraries
/// beside its own (the npm package and the CPU NuGet packages ship without them); their absence is checked here
/// first so that the error names the files and the folder rather than a bare dlopen failure.
/// </summary>
internal static unsafe class CudaProvider
{
    internal static IReadOnlyList<string> RequiredFiles { get; } = OperatingSystem.IsWindows()
        ? ["onnxruntime_providers_shared.dll", "onnxruntime_providers_cuda.dll"]
        : ["libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so"];

    /// <summary>The provider libraries missing beside the loaded libonnxruntime.</summary>
    internal static List<string> MissingFiles()
    {
        var folder = Path.GetDirectoryName(OrtLibrary.LoadedPath) ?? AppContext.BaseDirectory;
        return RequiredFiles.Where(name => !File.Exists(Path.Combine(folder, name))).ToList();
    }

    internal static void Append(nint sessionOptions, int deviceId)
    {
        var folder = Path.GetDirectoryName(OrtLibrary.LoadedPath) ?? AppContext.BaseDirectory;
        var missing = MissingFiles();
        if (missing.Count > 0)
        {
            throw new ExecutionProviderUnavailableException(ExecutionProvider.Cuda,
                $"The CUDA execution provider is not available: {string.Join(" and ", missing)} " +
                $"{(missing.Count == 1 ? "is" : "are")} missing from '{folder}' (beside {Path.GetFileName(OrtLibrary.LoadedPath)}). " +
                "Copy them from the GPU build of ONNX Runtime 1.30 (e.g. the Microsoft.ML.OnnxRuntime.Gpu package), or run on the CPU.",
                missing);
        }

        using var cudaOptions = new OrtCudaProviderOptionsHandle();
        try
        {
            nint p;
            OrtApi.Check(OrtApi.CreateCUDAProviderOptions(&p));
            cudaOptions.Adopt(p);
            fixed (byte* key = "device_id\0"u8, value = Encoding.UTF8.GetBytes(deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\0"))
            {
                var keys = stackalloc byte*[] { key };
                var values = stackalloc byte*[] { value };
                OrtApi.Check(OrtApi.UpdateCUDAProviderOptions(p, keys, values, 1));
            }
            OrtApi.Check(OrtApi.SessionOptionsAppendExecutionProvider_CUDA_V2(sessionOptions, p));
        }
        catch (OnnxRuntimeException e) when (e is not ExecutionProviderUnavailableException)
        {
            throw new ExecutionProviderUnavailableException(ExecutionProvider.Cuda,
                $"The CUDA execution provider could not be started: {e.OrtMessage}", [], e);
        }
    }
}
