using NlQuery.Sql;
using NlQuery.Training.Datasets;
using NlQuery.Training.Evaluation;

namespace NlQuery.Tests.Evaluation;

public sealed class ExactSetMatchTests : IDisposable
{
    private readonly SyntheticSpider _spider = new();

    public void Dispose() => _spider.Dispose();

    private bool Match(string predicted, string gold)
    {
        var database = _spider.Database;
        var builder = new SpiderSqlBuilder(database);
        return ExactSetMatch.Evaluate(builder.Build(predicted), builder.Build(gold), database, new ForeignKeyMap(database)).IsMatch;
    }

    [Theory]
    [InlineData("SELECT name, age FROM singer WHERE age > 20", "SELECT age, name FROM singer WHERE age > 20")]
    [InlineData("SELECT name FROM singer WHERE age > 99 AND country = 'x'", "SELECT name FROM singer WHERE country = 'France' AND age > 20")]
    [InlineData("SELECT DISTINCT name FROM singer", "SELECT name FROM singer")]
    [InlineData("SELECT name FROM singer ORDER BY age LIMIT 9", "SELECT name FROM singer ORDER BY age ASC LIMIT 1")]
    [InlineData("SELECT T1.name FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id GROUP BY T2.singer_id",
                "SELECT T1.name FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id GROUP BY T1.singer_id")]
    [InlineData("SELECT count(*) FROM singer_in_concert AS a JOIN singer AS b ON a.singer_id = b.singer_id",
                "SELECT count(*) FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id")]
    public void EquivalentUnderSpidersRulesMatch(string predicted, string gold) => Assert.True(Match(predicted, gold));

    [Theory]
    [InlineData("SELECT age FROM singer WHERE age > 20", "SELECT name FROM singer WHERE age > 20")]
    [InlineData("SELECT max(age) FROM singer", "SELECT min(age) FROM singer")]
    [InlineData("SELECT name FROM singer WHERE age < 20", "SELECT name FROM singer WHERE age > 20")]
    [InlineData("SELECT name FROM singer WHERE age > 20 OR country = 'x'", "SELECT name FROM singer WHERE age > 20 AND country = 'x'")]
    [InlineData("SELECT name FROM singer ORDER BY age DESC", "SELECT name FROM singer ORDER BY age")]
    [InlineData("SELECT name FROM singer ORDER BY age", "SELECT name FROM singer ORDER BY age LIMIT 1")]
    [InlineData("SELECT name FROM singer", "SELECT name FROM singer UNION SELECT concert_name FROM concert")]
    [InlineData("SELECT name FROM singer WHERE name LIKE 'A%'", "SELECT name FROM singer WHERE name = 'A%'")]
    [InlineData("SELECT country FROM singer GROUP BY country", "SELECT country FROM singer GROUP BY country HAVING count(*) > 1")]
    [InlineData("SELECT name FROM singer WHERE singer_id IN (SELECT singer_id FROM singer_in_concert)",
                "SELECT name FROM singer WHERE singer_id NOT IN (SELECT singer_id FROM singer_in_concert)")]
    [InlineData("SELECT T1.name FROM singer AS T1 JOIN concert AS T2", "SELECT T1.name FROM singer AS T1 JOIN singer_in_concert AS T2")]
    public void DifferentQueriesDoNotMatch(string predicted, string gold) => Assert.False(Match(predicted, gold));

    [Fact]
    public void TheEmptyStructureOfAnUnparsablePredictionMatchesNothing()
    {
        var database = _spider.Database;
        var gold = new SpiderSqlBuilder(database).Build("SELECT name FROM singer");
        var result = ExactSetMatch.Evaluate(SpiderSql.Empty, gold, database, new ForeignKeyMap(database));
        Assert.False(result.IsMatch);
        Assert.False(result.Components["select"].IsMatch);
    }

    /// <summary>Gold against itself matches on all of Spider dev; a perturbed prediction (one column, aggregate or
    /// operator changed) never does.</summary>
    [SharedDataFact]
    public void GoldMatchesItselfOnSpiderDevAndPerturbationsFail()
    {
        var databases = SpiderDatabaseInfo.LoadAll(Path.Combine(SharedData.SpiderDir, "tables.json"));
        var dev = SpiderFormatReader.ReadSpiderSplit(SharedData.SpiderDir, "dev");
        int perturbed = 0;
        foreach (var example in dev)
        {
            var database = databases[example.DbId];
            var builder = new SpiderSqlBuilder(database);
            var keys = new ForeignKeyMap(database);
            var gold = builder.Build(example.Query);
            Assert.True(ExactSetMatch.Evaluate(builder.Build(example.Query), gold, database, keys).IsMatch, example.Query);
            foreach (var mutant in Perturb(example.Query))
            {
                SpiderSql predicted;
                try
                {
                    predicted = builder.Build(mutant);
                }
                catch (Exception e) when (e is NotSupportedException or SqlParseException)
                {
                    continue;
                }
                perturbed++;
                Assert.False(ExactSetMatch.Evaluate(predicted, gold, database, keys).IsMatch, $"{example.Query}\n  vs {mutant}");
            }
        }
        Assert.True(perturbed > 1000, $"only {perturbed} perturbations could be built");
    }

    private static IEnumerable<string> Perturb(string sql)
    {
        (string From, string To)[] swaps = [(" > ", " < "), (" DESC", " ASC"), ("max(", "min("), (" AND ", " OR "), (" LIKE ", " = "),
            ("SELECT ", "SELECT count(*) , "), ("count(*)", "sum(*)")];
        foreach (var (from, to) in swaps)
        {
            var at = sql.IndexOf(from, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
                yield return string.Concat(sql.AsSpan(0, at), to, sql.AsSpan(at + from.Length));
        }
        if (!sql.Contains("LIMIT", StringComparison.OrdinalIgnoreCase) && sql.Contains("ORDER BY", StringComparison.OrdinalIgnoreCase))
            yield return sql + " LIMIT 1";
    }
}
