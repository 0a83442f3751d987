using NlQuery.OnnxRuntime;

namespace NlQuery.Tests.OnnxRuntime;

public sealed class OnnxRuntimeEnvironmentTests
{
    [Fact]
    public void RunsTheOfficialPackagesVersion()
    {
        Assert.Equal("1.32.0", OnnxTestModels.Environment.Version);
    }

    [Fact]
    public void ListsTheCompiledInProviders()
    {
        var providers = OnnxTestModels.Environment.AvailableProviders;

        Assert.Contains("CPUExecutionProvider", providers);
    }

    [Fact]
    public void TheProcessHasGlobalThreadPools()
    {
        // Every test goes through OnnxTestModels.Environment, so the first environment of the process was ours.
        Assert.True(OnnxTestModels.Environment.UsesGlobalThreadPools);
        using var second = new OnnxRuntimeEnvironment(new OnnxRuntimeEnvironmentOptions { UseGlobalThreadPools = false });
        Assert.True(second.UsesGlobalThreadPools);
    }

    [Fact]
    public void NegativeThreadCountIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxRuntimeEnvironment(new OnnxRuntimeEnvironmentOptions { IntraOpThreads = -1 }));
}
