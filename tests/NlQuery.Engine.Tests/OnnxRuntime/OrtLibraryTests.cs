using NlQuery.OnnxRuntime;
using NlQuery.OnnxRuntime.Native;

namespace NlQuery.Tests.OnnxRuntime;

public sealed class OrtLibraryTests
{
    [Fact]
    public void LooksInTheExplicitPathThenTheVariableThenTheAppFolderThenRuntimes()
    {
        var previous = Environment.GetEnvironmentVariable(OrtLibrary.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(OrtLibrary.EnvironmentVariable, "/from/variable/libonnxruntime.so.1");
            var candidates = OrtLibrary.Candidates("/explicit/libonnxruntime.so.1");

            Assert.Equal("/explicit/libonnxruntime.so.1", candidates[0].Path);
            Assert.Equal("/from/variable/libonnxruntime.so.1", candidates[1].Path);
            Assert.Equal(Path.Combine(AppContext.BaseDirectory, OrtLibrary.FileNames[0]), candidates[2].Path);
            Assert.Contains(candidates, c => c.Path == Path.Combine(AppContext.BaseDirectory, "runtimes", OrtLibrary.RuntimeIdentifier, "native", OrtLibrary.FileNames[0]));
        }
        finally
        {
            Environment.SetEnvironmentVariable(OrtLibrary.EnvironmentVariable, previous);
        }
    }

    [Fact]
    public void AFolderStandsForTheLibraryInsideIt()
    {
        var candidates = OrtLibrary.Candidates(AppContext.BaseDirectory);

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, OrtLibrary.FileNames[0]), candidates[0].Path);
    }

    [Fact]
    public void WhenNothingLoadsTheErrorListsEveryPlaceTriedAndWhy()
    {
        var notALibrary = Path.Combine(Path.GetTempPath(), $"nlquery-not-a-library-{Guid.NewGuid():N}.so");
        File.WriteAllText(notALibrary, "not a shared object");
        try
        {
            (string, string)[] candidates = [("first", "/nowhere/libonnxruntime.so.1"), ("second", notALibrary)];

            var e = Assert.Throws<DllNotFoundException>(() => OrtLibrary.TryLoad(candidates, OrtApi.Version, out _, out _));

            Assert.Contains("/nowhere/libonnxruntime.so.1 (first): not found", e.Message);
            Assert.Contains($"{notALibrary} (second): exists but could not be loaded", e.Message);
            Assert.Contains("NLQUERY_ONNXRUNTIME", e.Message);
        }
        finally
        {
            File.Delete(notALibrary);
        }
    }

    [Fact]
    public void ALibraryTooOldForTheApiVersionIsSkippedWithTheReason()
    {
        _ = OnnxTestModels.Environment;
        (string, string)[] candidates = [("loaded", OnnxRuntimeEnvironment.LibraryPath!)];

        var e = Assert.Throws<DllNotFoundException>(() => OrtLibrary.TryLoad(candidates, 999, out _, out _));

        Assert.Contains("does not offer API version 999", e.Message);
    }
}
