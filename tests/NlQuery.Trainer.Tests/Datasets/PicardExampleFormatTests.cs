using NlQuery.Schema;
using NlQuery.Training.Datasets;

namespace NlQuery.Tests.Datasets;

public sealed class PicardExampleFormatTests
{
    [Fact]
    public async Task SerializesInputAndTargetAndRefusesWhatDoesNotParse()
    {
        using var folder = new SyntheticSpiderFolder();
        var catalog = new TrainingDatabaseCatalog([Path.Combine(folder.Spider, "database")],
            [SpiderSchemaCatalog.Load(Path.Combine(folder.Spider, "tables.json"))]);
        var shop = (await catalog.GetAsync("shop"))!;
        var format = new PicardExampleFormat();

        var example = format.Build(shop, "What is the price of the Red Lamp?", "SELECT price FROM product WHERE name = 'Red Lamp'", [], "spider", out var reason);
        Assert.NotNull(example);
        Assert.Null(reason);
        Assert.Equal("shop", example.DbId);
        Assert.Equal("spider", example.Source);
        Assert.StartsWith("shop | ", example.Target, StringComparison.Ordinal);
        Assert.Contains("product", example.Target, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("What is the price of the Red Lamp?", example.Input, StringComparison.Ordinal);
        Assert.Contains("| shop |", example.Input, StringComparison.Ordinal);
        Assert.Contains("Red Lamp", example.Input, StringComparison.Ordinal); // the matched value

        Assert.Null(format.Build(shop, "Show the colour of each product.", "SELECT colour FROM product", [], "spider", out reason));
        Assert.StartsWith("parser:", reason, StringComparison.Ordinal);
        Assert.Null(format.Build(shop, "How many?", "SELECT count(*) FROM", [], "spider", out reason));
        Assert.Equal("parser: incomplete statement", reason);
    }
}
