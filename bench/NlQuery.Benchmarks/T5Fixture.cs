using System.Text.Json;
using NlQuery.Generation;
using NlQuery.OnnxRuntime;

namespace NlQuery.Benchmarks;

/// <summary>
/// The model the T5 benchmarks run: tests/fixtures/tiny-t5 (d_model 64, 2+2 layers, vocabulary 1000), or the
/// Optimum folder named by $NLQUERY_BENCH_T5. Inputs come from the fixture's golden.json (our own texts).
/// </summary>
internal static class T5Fixture
{
    public static string Folder =>
        Environment.GetEnvironmentVariable("NLQUERY_BENCH_T5") is { Length: > 0 } folder
            ? folder
            : Path.Combine(RepositoryRoot(), "tests", "fixtures", "tiny-t5");

    /// <summary>One global intra-op thread: the numbers are per core, and steady on a shared 2-core machine.</summary>
    public static OnnxRuntimeEnvironment CreateEnvironment() =>
        new(new OnnxRuntimeEnvironmentOptions { IntraOpThreads = 1, InterOpThreads = 1 });

    public static T5Model Load(OnnxRuntimeEnvironment environment) => T5Model.Load(environment, Folder);

    /// <summary>The longest golden input (173 tokens of schema-serialised text) as one unpadded row.</summary>
    public static int[] LongInput()
    {
        using var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "fixtures", "tiny-t5", "golden.json")));
        var row = golden.RootElement.GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "long_and_medium_padded")
            .GetProperty("input_ids")[0];
        return row.EnumerateArray().Select(v => v.GetInt32()).ToArray();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NlQuery.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root (NlQuery.sln) above " + AppContext.BaseDirectory);
    }
}
