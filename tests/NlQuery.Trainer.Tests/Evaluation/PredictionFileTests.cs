using NlQuery.Training.Datasets;
using NlQuery.Training.Evaluation;

namespace NlQuery.Tests.Evaluation;

public sealed class PredictionFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"nlq-pred-{Guid.NewGuid():N}.txt");

    private static readonly TextToSqlExample[] Examples =
        [new("a", "q1", "SELECT 1", [], "dev"), new("b", "q2", "SELECT 2", [], "dev")];

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task ReadsPlainAndTabbedLinesInEitherOrder()
    {
        File.WriteAllText(_path, "a\tSELECT x FROM t\nSELECT y FROM u\tb\n");
        var file = PredictionFile.Load(_path, Examples);
        Assert.Equal("SELECT x FROM t", await file.PredictAsync(0, Examples[0], default));
        Assert.Equal("SELECT y FROM u", await file.PredictAsync(1, Examples[1], default));
    }

    [Fact]
    public void TooFewPredictionsIsAClearError()
    {
        File.WriteAllText(_path, "SELECT 1\n");
        var e = Assert.Throws<InvalidDataException>(() => PredictionFile.Load(_path, Examples));
        Assert.Contains("has 1 predictions but 2 examples", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APredictionForAnotherDatabaseIsAClearError()
    {
        File.WriteAllText(_path, "a\tSELECT 1\nc\tSELECT 2\n");
        var e = Assert.Throws<InvalidDataException>(() => PredictionFile.Load(_path, Examples));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlankLinesBetweenInteractionsAreSkippedWhenTheyDoNotFit()
    {
        File.WriteAllText(_path, "SELECT 1\n\nSELECT 2\n\n");
        var file = PredictionFile.Load(_path, Examples);
        Assert.Equal("SELECT 2", await file.PredictAsync(1, Examples[1], default));
    }
}
