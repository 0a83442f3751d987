using System.Diagnostics;
using NlQuery.Training.Datasets;
using Xunit.Abstractions;

namespace NlQuery.Tests.Datasets;

public sealed class DatasetBuilderTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BuildsInputsTargetsAndDropsWhatTheParserRejects()
    {
        using var folder = new SyntheticSpiderFolder();
        await folder.WriteFeedbackAsync();
        var dataset = await new DatasetBuilder(Options(folder, heldOut: 0)).BuildAsync();

        Assert.Equal(["train_spider", "train_spider", "train_spider", "train_spider", "train_others", "feedback"],
            dataset.Train.Select(e => e.Source).ToArray());
        Assert.Empty(dataset.HeldOut);
        var price = dataset.Train[1];
        // The real database's values are matched into the input, as at run time.
        Assert.Equal("What is the price of the Red Lamp? | shop | product : id , name ( Red Lamp ) , price", price.Input);
        Assert.Equal("shop | select price from product where name = 'Red Lamp'", price.Target);
        Assert.Equal("shop", price.DbId);
        // ghost has no database file: its schema comes from tables.json, without values.
        Assert.Equal("Where does each spirit haunt? | ghost | spirit : id , haunt", dataset.Train[3].Input);
        Assert.Equal("crm | select id from customer where city = 'Oslo'", dataset.Train[5].Target);
        Assert.Contains("customer : id , city ( Oslo )", dataset.Train[5].Input, StringComparison.Ordinal);

        Assert.Equal(2, dataset.Dropped.Count);
        var rejected = Assert.Single(dataset.Dropped, d => d.Source == "train_spider");
        Assert.Equal("SELECT colour FROM product", rejected.Sql);
        Assert.StartsWith("parser: ", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("colour", rejected.Reason, StringComparison.Ordinal);
        var missing = Assert.Single(dataset.Dropped, d => d.Source == "feedback");
        Assert.Equal("billing", missing.DbId);
        Assert.Contains("'billing' not found", missing.Reason, StringComparison.Ordinal);

        Assert.Contains(dataset.Notes, n => n.Contains("spider/dev", StringComparison.Ordinal) && n.Contains("excluded", StringComparison.Ordinal));
        Assert.Contains(dataset.Notes, n => n.Contains("ghost", StringComparison.Ordinal));
        Assert.Contains(dataset.Notes, n => n.StartsWith("feedback: 1 record", StringComparison.Ordinal));
        Assert.DoesNotContain(dataset.Train, e => e.Input.StartsWith("How many animals", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DevSplitIsUsedOnlyWhenAskedFor()
    {
        using var folder = new SyntheticSpiderFolder();
        var dataset = await new DatasetBuilder(new DatasetBuilderOptions { SpiderDirectory = folder.Spider, HeldOutFraction = 0, IncludeDevSplits = true })
            .BuildAsync();
        var dev = Assert.Single(dataset.Train, e => e.Source == "spider/dev");
        Assert.Equal("zoo | select count(*) from animal", dev.Target);
    }

    [Fact]
    public async Task HeldOutDatabasesNeverAppearInTraining()
    {
        using var folder = new SyntheticSpiderFolder();
        await folder.WriteFeedbackAsync();
        var dataset = await new DatasetBuilder(Options(folder, heldOut: 0.5)).BuildAsync();

        Assert.Equal(2, dataset.HeldOutDatabases.Count);
        Assert.All(dataset.HeldOut, e => Assert.Contains(e.DbId, dataset.HeldOutDatabases));
        Assert.DoesNotContain(dataset.Train, e => dataset.HeldOutDatabases.Contains(e.DbId));
        Assert.Equal(6, dataset.Train.Count + dataset.HeldOut.Count);
        // Corrections are what the user asked for: always trained on.
        Assert.Contains(dataset.Train, e => e.Source == "feedback");
    }

    [Fact]
    public void NoSourceIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => new DatasetBuilder(new DatasetBuilderOptions()));
        Assert.Contains("No source given", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFolderIsAClearError()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => new DatasetBuilder(new DatasetBuilderOptions { SpiderDirectory = "/nonexistent/spider" }));
        Assert.Contains("/nonexistent/spider", e.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task BuildsTheFullSpiderTrainingSet()
    {
        var watch = Stopwatch.StartNew();
        var dataset = await new DatasetBuilder(new DatasetBuilderOptions { SpiderDirectory = SharedData.SpiderDir }).BuildAsync();
        output.WriteLine($"{dataset.Train.Count} training + {dataset.HeldOut.Count} held-out examples " +
                         $"({dataset.HeldOutDatabases.Count} databases), {dataset.Dropped.Count} dropped, {watch.Elapsed.TotalSeconds:F1} s");
        foreach (var (source, count) in TrainingDataset.CountBySource(dataset.Train.Concat(dataset.HeldOut)))
            output.WriteLine($"  {source}: {count}");
        foreach (var dropped in dataset.Dropped)
            output.WriteLine($"  dropped [{dropped.DbId}] {dropped.Sql} -- {dropped.Reason}");

        // 7000 + 1659 examples; every one is either kept or dropped with a reason, and only a handful are dropped.
        Assert.Equal(8659, dataset.Train.Count + dataset.HeldOut.Count + dataset.Dropped.Count);
        Assert.InRange(dataset.Dropped.Count, 0, 20);
        Assert.All(dataset.Dropped, d => Assert.StartsWith("parser: ", d.Reason, StringComparison.Ordinal));
        Assert.InRange(dataset.HeldOut.Count, 1, 1000);
    }

    private static DatasetBuilderOptions Options(SyntheticSpiderFolder folder, double heldOut) => new()
    {
        SpiderDirectory = folder.Spider,
        FeedbackStorePath = folder.FeedbackStorePath,
        FeedbackDatabaseDirectory = folder.FeedbackDatabases,
        HeldOutFraction = heldOut,
    };
}
