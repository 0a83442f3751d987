using System.Diagnostics;
using NlQuery.Training.Evaluation;

namespace NlQuery.Tests.Evaluation;

public sealed class SqliteDatabaseRunnerTests : IDisposable
{
    private readonly SyntheticSpider _spider = new();

    public void Dispose() => _spider.Dispose();

    [Fact]
    public void RunsQueriesAndAcceptsSpidersDoubleQuotedStrings()
    {
        using var runner = new SqliteDatabaseRunner(_spider.DatabaseDirectory, TimeSpan.FromSeconds(5));
        var outcome = runner.Run("music", "SELECT name FROM singer WHERE country = \"France\" ORDER BY name");
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["Ann", "Cid"], outcome.Result!.Rows.Select(r => (string)r[0]!));
    }

    [Fact]
    public void ASlowQueryIsInterruptedAtTheTimeout()
    {
        using var runner = new SqliteDatabaseRunner(_spider.DatabaseDirectory, TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();
        var outcome = runner.Run("music", "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n");
        Assert.False(outcome.Succeeded);
        // The executor's wording, whatever the timing: the runner has no timer of its own to race it.
        Assert.Equal("The query timed out: it was stopped after the command timeout of 0.3 s.", outcome.Error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.True(runner.Run("music", "SELECT count(*) FROM singer").Succeeded, "the connection is usable after an interrupt");
    }

    [Fact]
    public void ErrorsAndMissingDatabasesAreOutcomesNotExceptions()
    {
        using var runner = new SqliteDatabaseRunner(_spider.DatabaseDirectory, TimeSpan.FromSeconds(5));
        Assert.Contains("no such column", runner.Run("music", "SELECT nosuch FROM singer").Error, StringComparison.Ordinal);
        Assert.Contains("Database file not found", runner.Run("nodb", "SELECT 1").Error, StringComparison.Ordinal);
        Assert.False(runner.Run("music", "DELETE FROM singer").Succeeded);
        Assert.Equal(3L, runner.Run("music", "SELECT count(*) FROM singer").Result!.Rows[0][0]);
    }
}
