using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using NlQuery.Schema;
using NlQuery.Sql;
using NlQuery.Training.Evaluation;

namespace NlQuery.Tests.Datasets;

/// <summary>
/// samples/clinic-questions.jsonl, the learning-from-corrections scenario's questions on samples/clinic.db: 30 to log as
/// corrections and 30 held out, split by template so that a held-out question is never a paraphrase or value swap of
/// a trained one (Finegan-Dollak et al. 2018). Every gold query must be one NlQuery could itself emit and must give an
/// answer that tells right from wrong.
/// </summary>
public sealed class ClinicQuestionsTests : IDisposable
{
    private static readonly string QuestionsPath = Path.Combine(SharedData.RepositoryRoot, "samples", "clinic-questions.jsonl");
    private static readonly string DatabasePath = Path.Combine(SharedData.RepositoryRoot, "samples", "clinic.db");

    private readonly SqliteConnection _connection;
    private readonly DatabaseSchema _schema;
    private readonly IReadOnlyList<Pair> _pairs = ReadPairs();

    public ClinicQuestionsTests()
    {
        _connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly");
        _connection.Open();
        _schema = SqliteSchemaReader.Instance.Read(_connection, "clinic");
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void HasThirtyFeedbackAndThirtyHeldOutQuestions()
    {
        Assert.Equal(60, _pairs.Count);
        Assert.Equal(30, _pairs.Count(p => p.Split == "feedback"));
        Assert.Equal(30, _pairs.Count(p => p.Split == "heldout"));
        Assert.Equal(_pairs.Count, _pairs.Select(p => Normalise(p.Question)).Distinct().Count());
    }

    [Fact]
    public void NoTemplateIsOnBothSides()
    {
        var mixed = _pairs.GroupBy(p => p.Template).Where(g => g.Select(p => p.Split).Distinct().Count() > 1).Select(g => g.Key);
        Assert.Empty(mixed);
    }

    /// <summary>
    /// The template ids are honest: two questions share an id exactly when their SQL is the same once literals are
    /// abstracted. Otherwise a structure could sit on both sides under two ids and the split would leak.
    /// </summary>
    [Fact]
    public void TemplatesAreTheSqlWithLiteralsAbstracted()
    {
        var idsPerSkeleton = _pairs.GroupBy(p => Skeleton(p.Sql)).Where(g => g.Select(p => p.Template).Distinct().Count() > 1)
            .Select(g => string.Join(", ", g.Select(p => p.Template).Distinct()));
        Assert.Empty(idsPerSkeleton);
        var skeletonsPerId = _pairs.GroupBy(p => p.Template).Where(g => g.Select(p => Skeleton(p.Sql)).Distinct().Count() > 1).Select(g => g.Key);
        Assert.Empty(skeletonsPerId);
    }

    [Fact]
    public void EveryGoldQueryPassesTheParsersSchemaGuards()
    {
        var parser = new SqlParser(SqlDialect.Sqlite, ParseMode.Guards, _schema);
        var rejected = _pairs.Select(p => (p.Question, Result: parser.Parse(p.Sql)))
            .Where(r => r.Result.Status != ParseStatus.Complete).Select(r => $"{r.Question}: {r.Result.Status} {r.Result.Error}");
        Assert.Empty(rejected);
    }

    /// <summary>An empty, all-NULL or all-zero answer would let a wrong query that also returns nothing score as right.</summary>
    [Fact]
    public void EveryGoldQueryGivesAnInformativeAnswer()
    {
        var uninformative = _pairs.Where(p => !HasInformativeRow(p.Sql)).Select(p => p.Question);
        Assert.Empty(uninformative);
    }

    /// <summary>Both sides should be as hard as each other, or a before/after gap could come from the mix alone.</summary>
    [Fact]
    public void BothSidesHaveASimilarSpiderHardnessMix()
    {
        var builder = new SpiderSqlBuilder(SpiderInfo(_schema));
        var counts = _pairs.GroupBy(p => (p.Split, SpiderHardnessRules.Classify(builder.Build(p.Sql))))
            .ToDictionary(g => g.Key, g => g.Count());
        foreach (var hardness in Enum.GetValues<SpiderHardness>())
        {
            var feedback = counts.GetValueOrDefault(("feedback", hardness));
            var heldOut = counts.GetValueOrDefault(("heldout", hardness));
            Assert.True(Math.Abs(feedback - heldOut) <= 2, $"{hardness}: {feedback} feedback vs {heldOut} held out");
            Assert.True(feedback + heldOut > 0, $"no {hardness} question");
        }
    }

    private bool HasInformativeRow(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (reader.IsDBNull(i))
                    continue;
                var value = reader.GetValue(i);
                if (value is not (long or double) || Convert.ToDouble(value, CultureInfo.InvariantCulture) != 0)
                    return true;
            }
        }
        return false;
    }

    /// <summary>The SQL with string and number literals replaced by placeholders; T1-style aliases are kept.</summary>
    private static string Skeleton(string sql)
    {
        var text = Regex.Replace(sql, "'(?:[^']|'')*'", "'v'");
        text = Regex.Replace(text, @"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", "0");
        return Regex.Replace(text, @"\s+", " ").Trim().ToLowerInvariant();
    }

    private static string Normalise(string question) =>
        Regex.Replace(question.ToLowerInvariant(), @"[^\p{L}\p{N}]+", " ").Trim();

    private static SpiderDatabaseInfo SpiderInfo(DatabaseSchema schema)
    {
        var columns = new List<(int Table, string Name)> { (-1, "*") };
        for (var t = 0; t < schema.Tables.Count; t++)
            columns.AddRange(schema.Tables[t].Columns.Select(c => (t, c.Name)));
        return new SpiderDatabaseInfo(schema.Name, schema.Tables.Select(t => t.Name).ToList(), columns, []);
    }

    private static List<Pair> ReadPairs()
    {
        var pairs = new List<Pair>();
        foreach (var line in File.ReadLines(QuestionsPath))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            string Field(string name) => root.GetProperty(name).GetString() ?? throw new InvalidDataException($"{name} is null: {line}");
            var split = Field("split");
            Assert.Contains(split, new[] { "feedback", "heldout" });
            pairs.Add(new Pair(Field("question"), Field("sql"), Field("template"), split));
        }
        return pairs;
    }

    private sealed record Pair(string Question, string Sql, string Template, string Split);
}
