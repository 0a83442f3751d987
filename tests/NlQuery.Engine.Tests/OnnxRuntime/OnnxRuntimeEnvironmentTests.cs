using NlQuery.OnnxRuntime;

namespace NlQuery.Tests.OnnxRuntime;

public sealed class OnnxRuntimeEnvironmentTests
{
    [Fact]
    public void LoadsTheLibraryTheBuildFetched()
    {
        _ = OnnxTestModels.Environment;

        Assert.Equal("1.30.0", OnnxRuntimeEnvironment.Version);
        Assert.True(File.Exists(OnnxRuntimeEnvironment.LibraryPath));
    }

    [Fact]
    public void ListsTheCompiledInProviders()
    {
        var providers = OnnxTestModels.Environment.AvailableProviders;

        Assert.Contains("CPUExecutionProvider", providers);
    }

    [Fact]
    public void NegativeThreadCountIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxRuntimeEnvironment(new OnnxRuntimeEnvironmentOptions { IntraOpThreads = -1 }));

    [Fact]
    public void SwitchingToAnotherLibraryFileIsRejected()
    {
        _ = OnnxTestModels.Environment;
        var other = Path.Combine(Path.GetTempPath(), "some-other-libonnxruntime.so");

        var e = Assert.Throws<InvalidOperationException>(() => new OnnxRuntimeEnvironment(new OnnxRuntimeEnvironmentOptions { LibraryPath = other }));

        Assert.Contains(other, e.Message);
    }
}
