using NlQuery.Feedback;
using NlQuery.Training.Datasets;

namespace NlQuery.Tests.Datasets;

public sealed class FeedbackExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nlq-feedback-export-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static FeedbackRecord Correction(string question, string sql, int minute, string database = "shop") =>
        new(question, database, "h", "SELECT 0", sql, null, T0.AddMinutes(minute));

    private static async IAsyncEnumerable<FeedbackRecord> Records(params FeedbackRecord[] records)
    {
        foreach (var record in records)
            yield return record;
        await Task.CompletedTask;
    }

    [Fact]
    public async Task RejectedRecordsAreNeverExportedAndDuplicatesKeepTheLatest()
    {
        var export = await FeedbackExport.CreateAsync(Records(
            Correction("How many customers are there?", "SELECT count(*) FROM customer", 1),
            Correction("how many  customers are there", "SELECT count(*) FROM customers", 2),
            Correction("Delete them", "DELETE FROM customers", 3).Rejected("only SELECT statements are allowed"),
            new FeedbackRecord("Bad answer", "shop", "h", "SELECT 1", null, false, T0),
            new FeedbackRecord("Good answer", "shop", "h", "SELECT 2", null, true, T0)));
        Assert.Equal(["Good answer", "how many  customers are there"], export.Corrections.Select(c => c.Question));
        Assert.Equal("SELECT count(*) FROM customers", export.Corrections[1].Sql);
        Assert.Equal("SELECT 2", export.Corrections[0].Sql);
        Assert.Equal("SELECT count(*) FROM customer", Assert.Single(export.Superseded).Sql);
        Assert.Equal("refused when given: only SELECT statements are allowed", Assert.Single(export.Rejected).Reason);
        Assert.Equal(1, export.NotCorrections);
    }

    [Fact]
    public async Task TheCheckRejectsCorrectionsTheSchemaNoLongerAllows()
    {
        var export = await FeedbackExport.CreateAsync(Records(Correction("a", "SELECT x FROM gone", 1), Correction("b", "SELECT 1", 2)),
            (c, _) => ValueTask.FromResult(c.Sql.Contains("gone", StringComparison.Ordinal) ? "unknown table 'gone'" : null));
        Assert.Equal("b", Assert.Single(export.Corrections).Question);
        Assert.Equal("no longer valid: unknown table 'gone'", Assert.Single(export.Rejected).Reason);
    }

    [Fact]
    public async Task TheSameStoreGivesByteIdenticalJsonl()
    {
        var store = Path.Combine(_dir, "feedback.db");
        await using (var writer = FeedbackStore.OpenFile(store))
        {
            for (var i = 0; i < 20; i++)
                await writer.AddAsync(Correction($"Question {i % 15} \"quoted\" é?", $"SELECT {i}", i, i % 2 == 0 ? "shop" : "clinic"));
        }
        var first = Path.Combine(_dir, "a.jsonl");
        var second = Path.Combine(_dir, "b.jsonl");
        foreach (var path in new[] { first, second })
        {
            await using var reader = FeedbackStore.OpenFile(store);
            var export = await FeedbackExport.CreateAsync(reader.ReadAllAsync());
            await FeedbackExport.WriteJsonlAsync(export.Corrections, path);
        }
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        var lines = File.ReadAllLines(first);
        Assert.Equal(20, lines.Length); // question i % 15 repeats only on the other database, so nothing merges
        Assert.StartsWith("{\"created_utc\":\"2026-12-01T10:", lines[0]);
        Assert.DoesNotContain('\r', File.ReadAllText(first));
    }

    [Fact]
    public async Task TheSplitIsDeterministicDisjointAndHoldsOutTheFraction()
    {
        var records = Enumerable.Range(0, 40).Select(i => Correction($"question {i}", $"SELECT {i}", i)).ToArray();
        var export = await FeedbackExport.CreateAsync(Records(records));
        var (train, heldOut) = export.Split(0.25);
        Assert.Equal(10, heldOut.Count);
        Assert.Equal(30, train.Count);
        Assert.Empty(train.Intersect(heldOut));
        var reversed = await FeedbackExport.CreateAsync(Records(records.Reverse().ToArray()));
        Assert.Equal(heldOut.Select(c => c.Question).Order(), reversed.Split(0.25).HeldOut.Select(c => c.Question).Order());
    }

    [Theory]
    [InlineData("  How many   Customers?? ", "how many customers")]
    [InlineData("List them.", "list them")]
    [InlineData("Who?!", "who")]
    public void QuestionsAreNormalisedForMerging(string question, string expected) =>
        Assert.Equal(expected, FeedbackExport.NormaliseQuestion(question));
}
