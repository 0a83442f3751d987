using NlQuery.Training.Datasets;
using NlQuery.Training.Evaluation;

namespace NlQuery.Tests.Evaluation;

public sealed class SpiderHardnessRulesTests : IDisposable
{
    private readonly SyntheticSpider _spider = new();

    public void Dispose() => _spider.Dispose();

    [Theory]
    [InlineData("SELECT count(*) FROM singer", SpiderHardness.Easy)]
    [InlineData("SELECT name FROM singer WHERE age > 20", SpiderHardness.Easy)]
    [InlineData("SELECT name, age FROM singer WHERE age > 20", SpiderHardness.Medium)]
    [InlineData("SELECT T1.name FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id", SpiderHardness.Easy)]
    [InlineData("SELECT T1.name FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id ORDER BY T1.age", SpiderHardness.Medium)]
    [InlineData("SELECT name FROM singer WHERE singer_id IN (SELECT singer_id FROM singer_in_concert)", SpiderHardness.Hard)]
    [InlineData("SELECT name, country, max(age), min(age) FROM singer WHERE age > 1 AND country = 'x' GROUP BY name, country", SpiderHardness.Hard)]
    [InlineData("SELECT name FROM singer WHERE age > 1 EXCEPT SELECT name FROM singer ORDER BY name", SpiderHardness.Hard)]
    [InlineData("SELECT name, age FROM singer WHERE age > 1 AND country = 'x' EXCEPT SELECT name, age FROM singer", SpiderHardness.Extra)]
    public void ClassifiesAsSpiderDoes(string sql, SpiderHardness expected) =>
        Assert.Equal(expected, SpiderHardnessRules.Classify(new SpiderSqlBuilder(_spider.Database).Build(sql)));

    /// <summary>Spider's published dev split: 248 easy, 446 medium, 174 hard, 166 extra.</summary>
    [SharedDataFact]
    public void SpiderDevHasThePublishedHardnessCounts()
    {
        var databases = SpiderDatabaseInfo.LoadAll(Path.Combine(SharedData.SpiderDir, "tables.json"));
        var counts = SpiderFormatReader.ReadSpiderSplit(SharedData.SpiderDir, "dev")
            .GroupBy(e => SpiderHardnessRules.Classify(new SpiderSqlBuilder(databases[e.DbId]).Build(e.Query)))
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(248, counts[SpiderHardness.Easy]);
        Assert.Equal(446, counts[SpiderHardness.Medium]);
        Assert.Equal(174, counts[SpiderHardness.Hard]);
        Assert.Equal(166, counts[SpiderHardness.Extra]);
    }
}
