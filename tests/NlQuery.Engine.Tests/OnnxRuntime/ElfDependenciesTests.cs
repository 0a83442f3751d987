using NlQuery.OnnxRuntime.Internal;

namespace NlQuery.Tests.OnnxRuntime;

public sealed class ElfDependenciesTests
{
    [Fact]
    public void ReadsTheLibrariesLibonnxruntimeNeeds()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64)
            return; // ELF is Linux's format; elsewhere there is nothing to read.
        var folder = CudaProvider.NativeFolder();
        Assert.NotNull(folder);

        var needed = ElfDependencies.Read(Path.Combine(folder, "libonnxruntime.so"));

        // What `readelf -d` lists for the linux-x64 build of 1.32.0, in its order.
        Assert.Equal(["libdl.so.2", "librt.so.1", "libpthread.so.0", "libstdc++.so.6", "libm.so.6", "libgcc_s.so.1", "libc.so.6", "ld-linux-x86-64.so.2"], needed);
    }

    [Fact]
    public void AFileThatIsNotElfHasNoDependencies()
    {
        Assert.Empty(ElfDependencies.Read(OnnxTestModels.MatMulAdd));
        Assert.Empty(ElfDependencies.Read(Path.Combine(Path.GetTempPath(), "nlquery-no-such-library.so")));
    }

    [Fact]
    public void OnTheCpuBuildNoCudaDependencyIsReported() =>
        // libonnxruntime_providers_cuda.so is absent, so there is no list to check.
        Assert.Empty(CudaProvider.MissingDependencies());
}
