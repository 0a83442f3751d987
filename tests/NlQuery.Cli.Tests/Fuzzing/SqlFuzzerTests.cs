using NlQuery.Cli.Fuzzing;
using NlQuery.Schema;
using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Fuzzing;

/// <summary>
/// A seeded fuzz run in the default suite (the full 1,000,000-input run is <c>nlq sql fuzz</c>, recorded in
/// docs/benchmarks.md): no exception, no broken invariant, and inputs of every status, so the seeds do reach
/// complete statements.
/// </summary>
public sealed class SqlFuzzerTests
{
    [Fact]
    public void TwentyThousandSeededInputsBreakNoInvariant()
    {
        var report = new SqlFuzzer(BuiltInFuzzSeeds.Seeds, seed: 20_000).Run(20_000, TimeSpan.FromSeconds(30));
        Assert.True(report.Passed, Describe(report));
        Assert.Equal(20_000, report.Inputs);
        Assert.True(report.Complete > 0 && report.Partial > 0 && report.Invalid > 0, Describe(report));
        Assert.True(report.ExtendCalls > report.Inputs);
    }

    [SharedDataFact]
    public void SpiderGoldMutationsBreakNoInvariant()
    {
        var catalog = SpiderSchemaCatalog.Load(Path.Combine(SharedData.SpiderDir, "tables.json"));
        var seeds = FuzzSeedReader.Read(Path.Combine(SharedData.SpiderDir, "train_gold.sql"), id => catalog.TryGet(id, out var s) ? s : null);
        Assert.True(seeds.Count > 8_000);
        var report = new SqlFuzzer(seeds, seed: 7).Run(20_000, TimeSpan.FromSeconds(30));
        Assert.True(report.Passed, Describe(report));
        Assert.True(report.Complete > 0, Describe(report));
    }

    [Fact]
    public void TheSameSeedReplaysTheSameRun()
    {
        var a = new SqlFuzzer(BuiltInFuzzSeeds.Seeds, seed: 3).Run(2_000, TimeSpan.FromSeconds(30));
        var b = new SqlFuzzer(BuiltInFuzzSeeds.Seeds, seed: 3).Run(2_000, TimeSpan.FromSeconds(30));
        Assert.Equal((a.Complete, a.Partial, a.Invalid, a.ExtendCalls, a.Characters), (b.Complete, b.Partial, b.Invalid, b.ExtendCalls, b.Characters));
    }

    [Fact]
    public void FailuresShowTheInputAsAReplayableLiteral() =>
        Assert.Equal("\"a\\\"b\\\\c\\u000A\\uD800\"", FuzzFailure.Literal("a\"b\\c\n\uD800"));

    private static string Describe(FuzzReport report)
    {
        var writer = new StringWriter();
        report.WriteTo(writer);
        return writer.ToString();
    }
}
