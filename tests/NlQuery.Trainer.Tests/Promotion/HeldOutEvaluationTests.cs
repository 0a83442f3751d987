using NlQuery.Tests.Evaluation;
using NlQuery.Training.Datasets;
using NlQuery.Training.Promotion;

namespace NlQuery.Tests.Promotion;

/// <summary>Held-out evaluation runs a model folder through the one translator: here the tiny-t5 fixture on a one-example split.</summary>
public sealed class HeldOutEvaluationTests
{
    private static string TinyT5 => Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5");

    private static TrainingExample Example(string question, string sql) =>
        new("input", sql, "music", "heldout") { Question = question, Sql = sql };

    [Fact]
    public async Task EvaluatesEachHeldOutExampleAgainstItsDatabase()
    {
        using var spider = new SyntheticSpider();
        var progress = new List<int>();
        var report = await HeldOutEvaluation.EvaluateAsync(TinyT5, [Example("How many singers are there?", "SELECT count(*) FROM singer")],
            Path.Combine(spider.Root, "tables.json"), spider.DatabaseDirectory, progress.Add);
        var example = Assert.Single(report.Examples);
        Assert.Equal("music", example.DbId);
        Assert.Equal("SELECT count(*) FROM singer", example.GoldSql);
        Assert.NotNull(example.PredictedSql);
        Assert.True(report.Executed);
        Assert.Null(example.GoldExecutionError);
        // The tiny model was trained on three other pairs: whatever it writes, the outcome is recorded, not thrown.
        Assert.Equal(example.ExecutionMatch == true ? 1.0 : 0.0, report.ExecutionAccuracy);
        Assert.NotEmpty(progress);
    }

    [Fact]
    public async Task AnEmptySplitIsRefused()
    {
        using var spider = new SyntheticSpider();
        await Assert.ThrowsAsync<ArgumentException>(() =>
            HeldOutEvaluation.EvaluateAsync(TinyT5, [], Path.Combine(spider.Root, "tables.json"), spider.DatabaseDirectory));
    }

    [Fact]
    public async Task AMissingModelFolderIsAClearError()
    {
        using var spider = new SyntheticSpider();
        var missing = Path.Combine(spider.Root, "no-such-model");
        var e = await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            HeldOutEvaluation.EvaluateAsync(missing, [Example("How many singers are there?", "SELECT count(*) FROM singer")],
                Path.Combine(spider.Root, "tables.json"), spider.DatabaseDirectory));
        Assert.Contains("no-such-model", e.Message);
    }
}
