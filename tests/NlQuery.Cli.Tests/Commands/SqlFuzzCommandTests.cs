using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Commands;

/// <summary><c>nlq sql fuzz</c> run as a process: a short seeded run passes and reports its counts.</summary>
public sealed class SqlFuzzCommandTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task AShortSeededRunPassesAndReportsCounts()
    {
        var result = await NlqProcess.RunAsync([ "sql", "fuzz", "--count", "3000", "--seed", "5" ]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("fuzzed 3,000 inputs", result.StdOut);
        Assert.Contains("seed 5", result.StdOut);
        Assert.Contains("failures (exceptions and broken invariants): 0", result.StdOut);
        Assert.Matches(@"complete \d[\d,]*, partial \d[\d,]*, invalid \d[\d,]*", result.StdOut);
    }

    [Fact]
    public async Task MutatesGoldQueriesAgainstTheirOwnSchemas()
    {
        var gold = Path.Combine(database.Folder, "gold.sql");
        await File.WriteAllLinesAsync(gold, [
            "SELECT name FROM singer WHERE age > 30\tconcerts",
            "SELECT T1.name FROM singer AS T1 JOIN concert AS T2 ON T1.singer_id = T2.singer_id\tconcerts",
            "SELECT x FROM elsewhere\tunknown_db",
        ]);
        var result = await NlqProcess.RunAsync(["sql", "fuzz", "--count", "2000", "--seed", "9", "--gold", gold, "--schema", database.TablesJsonPath]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("from 2 seed queries", result.StdErr);
        Assert.Contains("failures (exceptions and broken invariants): 0", result.StdOut);
    }

    [Fact]
    public async Task GoldWithoutSchemaIsAUserError()
    {
        var gold = Path.Combine(database.Folder, "gold-no-schema.sql");
        await File.WriteAllLinesAsync(gold, ["SELECT 1\tconcerts"]);
        var result = await NlqProcess.RunAsync(["sql", "fuzz", "--count", "10", "--gold", gold]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("nlq: error: --gold needs the schemas", result.StdErr);
    }

    [SharedDataFact]
    public async Task FuzzesSpiderGoldQueriesAgainstTheirDatabases()
    {
        var result = await NlqProcess.RunAsync(["sql", "fuzz", "--count", "5000", "--seed", "3",
            "--gold", Path.Combine(SharedData.SpiderDir, "dev_gold.sql"), "--schema", Path.Combine(SharedData.SpiderDir, "tables.json")]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("from 1,034 seed queries", result.StdErr);
    }
}
