using System.Runtime.InteropServices;

namespace NlQuery.OnnxRuntime.Native;

/// <summary>
/// Finds and loads the ONNX Runtime native library, once per process, and returns its <c>OrtApi</c> table.
/// Order: the explicit path (<see cref="OnnxRuntimeEnvironmentOptions.LibraryPath"/>), then
/// <c>$NLQUERY_ONNXRUNTIME</c>, then the application folder, then <c>runtimes/&lt;rid&gt;/native</c> under it
/// (where the build puts the library it fetched). A path may name the file or the folder holding it.
/// </summary>
internal static unsafe class OrtLibrary
{
    internal const string EnvironmentVariable = "NLQUERY_ONNXRUNTIME";

    /// <summary>The full path of the library that was loaded; null until then.</summary>
    internal static string? LoadedPath { get; private set; }

    internal static string? VersionString { get; private set; }

    private static string? _explicitPath;

    /// <summary>The file names ONNX Runtime's C API library has on this OS, most specific first.</summary>
    internal static IReadOnlyList<string> FileNames { get; } =
        OperatingSystem.IsWindows() ? ["onnxruntime.dll"]
        : OperatingSystem.IsMacOS() ? ["libonnxruntime.1.dylib", "libonnxruntime.dylib"]
        : ["libonnxruntime.so.1", "libonnxruntime.so"];

    internal static string RuntimeIdentifier
    {
        get
        {
            var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
            return os + "-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        }
    }

    /// <summary>Every place the library is looked for, in order, as (where it came from, file path).</summary>
    internal static List<(string Source, string Path)> Candidates(string? explicitPath)
    {
        var candidates = new List<(string, string)>();
        void Add(string source, string pathOrFolder)
        {
            if (Directory.Exists(pathOrFolder))
            {
                foreach (var name in FileNames)
                    candidates.Add((source, Path.Combine(pathOrFolder, name)));
            }
            else
            {
                candidates.Add((source, pathOrFolder));
            }
        }

        if (!string.IsNullOrEmpty(explicitPath))
            Add("OnnxRuntimeEnvironmentOptions.LibraryPath", Path.GetFullPath(explicitPath));
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
            Add("$" + EnvironmentVariable, Path.GetFullPath(fromEnvironment));
        var appFolder = AppContext.BaseDirectory;
        foreach (var name in FileNames)
            candidates.Add(("application folder", Path.Combine(appFolder, name)));
        foreach (var name in FileNames)
            candidates.Add(("runtimes folder", Path.Combine(appFolder, "runtimes", RuntimeIdentifier, "native", name)));
        return candidates;
    }

    /// <summary>Loads the first candidate that exists and loads, and returns <c>GetApi(version)</c>.</summary>
    internal static nint Load(string? explicitPath, uint version)
    {
        var api = TryLoad(Candidates(explicitPath), version, out var path, out var versionString);
        LoadedPath = path;
        VersionString = versionString;
        _explicitPath = explicitPath is null ? null : Path.GetFullPath(explicitPath);
        return api;
    }

    /// <summary>Tries each candidate in turn; throws <see cref="DllNotFoundException"/> listing every one and why it failed.</summary>
    internal static nint TryLoad(IEnumerable<(string Source, string Path)> candidates, uint version, out string loadedPath, out string versionString)
    {
        var tried = new List<string>();
        foreach (var (source, path) in candidates)
        {
            if (!File.Exists(path))
            {
                tried.Add($"  {path} ({source}): not found");
                continue;
            }
            if (!NativeLibrary.TryLoad(path, out var library))
            {
                tried.Add($"  {path} ({source}): exists but could not be loaded (wrong architecture or missing dependency)");
                continue;
            }
            if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBase))
            {
                tried.Add($"  {path} ({source}): loaded but exports no OrtGetApiBase (not ONNX Runtime)");
                continue;
            }

            // OrtApiBase { const OrtApi* GetApi(uint32_t version); const char* GetVersionString(void); }
            var apiBase = (nint*)((delegate* unmanaged[Cdecl]<nint>)getApiBase)();
            versionString = Marshal.PtrToStringUTF8((nint)((delegate* unmanaged[Cdecl]<byte*>)apiBase[1])()) ?? "?";
            var api = ((delegate* unmanaged[Cdecl]<uint, nint>)apiBase[0])(version);
            if (api == 0)
            {
                tried.Add($"  {path} ({source}): ONNX Runtime {versionString} does not offer API version {version} (1.{version} or newer needed)");
                continue;
            }
            loadedPath = path;
            return api;
        }
        throw new DllNotFoundException(
            "The ONNX Runtime native library was not found. Places tried, in order:" + Environment.NewLine +
            string.Join(Environment.NewLine, tried) + Environment.NewLine +
            $"Set OnnxRuntimeEnvironmentOptions.LibraryPath or ${EnvironmentVariable} to the library (or its folder); " +
            "a normal build of NlQuery.Engine copies it to runtimes/<rid>/native/ in the output.");
    }

    /// <summary>The library is process-wide: asking for a different explicit file after it is loaded is an error.</summary>
    internal static void CheckSameLibrary(string? explicitPath)
    {
        if (string.IsNullOrEmpty(explicitPath) || LoadedPath is null)
            return;
        var full = Path.GetFullPath(explicitPath);
        if (full == LoadedPath || full == _explicitPath || full == Path.GetDirectoryName(LoadedPath))
            return;
        throw new InvalidOperationException(
            $"ONNX Runtime is already loaded from '{LoadedPath}'; it cannot be switched to '{full}' in the same process.");
    }
}
