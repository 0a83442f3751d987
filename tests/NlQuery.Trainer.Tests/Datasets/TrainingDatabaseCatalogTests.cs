using NlQuery.Schema;
using NlQuery.Training.Datasets;

namespace NlQuery.Tests.Datasets;

public sealed class TrainingDatabaseCatalogTests
{
    [Fact]
    public async Task PrefersTheDatabaseFileAndFallsBackToTablesJson()
    {
        using var folder = new SyntheticSpiderFolder();
        var catalog = new TrainingDatabaseCatalog([Path.Combine(folder.Spider, "database")],
            [SpiderSchemaCatalog.Load(Path.Combine(folder.Spider, "tables.json"))]);

        var shop = await catalog.GetAsync("shop");
        Assert.NotNull(shop);
        Assert.NotNull(shop.Values);
        Assert.EndsWith("shop.sqlite", shop.Origin, StringComparison.Ordinal);

        var ghost = await catalog.GetAsync("ghost");
        Assert.NotNull(ghost);
        Assert.Null(ghost.Values);
        Assert.EndsWith("tables.json", ghost.Origin, StringComparison.Ordinal);

        Assert.Null(await catalog.GetAsync("nowhere"));
        Assert.Same(shop, await catalog.GetAsync("shop"));
    }

    [Fact]
    public void FindsFlatFilesAndRefusesPathsInNames()
    {
        using var folder = new SyntheticSpiderFolder();
        var catalog = new TrainingDatabaseCatalog([folder.FeedbackDatabases]);
        Assert.EndsWith("crm.sqlite", catalog.FindFile("crm"), StringComparison.Ordinal);
        Assert.Null(catalog.FindFile("../feedback-dbs/crm"));
        Assert.Null(catalog.FindFile(".."));
    }
}
