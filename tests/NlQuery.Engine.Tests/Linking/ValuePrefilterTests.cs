using System.Text.Json;
using Microsoft.Data.Sqlite;
using NlQuery.Linking;
using NlQuery.Schema;

namespace NlQuery.Tests.Linking;

public sealed class ValuePrefilterTests
{
    private static readonly DatabaseSchema Schema = new("db",
    [
        new Table("singer", [new Column("name"), new Column("country")]),
        new Table("city", [new Column("city_name")]),
    ]);

    private static ValueIndex Index() => new(Schema,
    [
        new ColumnValues("singer", "name", ["Joe Sharp", "Timbaland", "Justin Brown", "Rose White"]),
        new ColumnValues("singer", "country", ["France", "United States", "Netherlands"]),
        new ColumnValues("city", "city_name", ["Paris", "Frankfurt", "Amsterdam"]),
    ]);

    private static string Render(ValueMatchResult result) =>
        string.Join("; ", result.Columns.Select(c => $"{c.TableName}.{c.ColumnName}: {string.Join(", ", c.Selected.Select(m => $"{m.Value}@{m.Score:0.###}"))}"));

    [Fact]
    public void CandidatesShareAWordPrefixWithTheQuestion()
    {
        var prefilter = new ValuePrefilter(Index());
        var candidates = prefilter.Candidates("Which singers come from the United States or from France?");
        // "fran" also files Frankfurt (the matcher then rejects it); values keep the order the index read them in.
        Assert.Equal(["singer.country", "city.city_name"], candidates.Select(c => $"{c.TableName}.{c.ColumnName}"));
        Assert.Equal(["France", "United States"], candidates[0].TextValues);
        Assert.Equal(["Frankfurt"], candidates[1].TextValues);
        Assert.Empty(prefilter.Candidates("How many are there?"));
    }

    [Fact]
    public void PrefixesCatchInflectedMentions()
    {
        var candidates = new ValuePrefilter(Index()).Candidates("songs by Justin Browns");
        Assert.Equal(["Justin Brown"], candidates.Single().TextValues);
        var pets = new ValueIndex(Schema, [new ColumnValues("singer", "name", ["cat", "dog", "cow"])]);
        Assert.Equal(["cat", "dog"], new ValuePrefilter(pets).Candidates("How many cats and dogs?").Single().TextValues);
    }

    [Theory]
    [InlineData("Which singers come from France?")]
    [InlineData("What is the country of Joe Sharp?")]
    [InlineData("List the singers in paris and amsterdam")]
    [InlineData("Show songs by Timbaland's band")]
    [InlineData("How many singers are there?")]
    public void MatchesWhatTheFullMatcherMatches(string question)
    {
        var index = Index();
        Assert.Equal(Render(index.Match(question)), Render(new ValuePrefilter(index).Match(question)));
    }

    [Fact]
    public void NullArgumentsAreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => new ValuePrefilter(null!));
        Assert.Throws<ArgumentNullException>(() => new ValuePrefilter(Index()).Match(null!));
    }

    /// <summary>
    /// On real data: for every tenth Spider dev question, the prefilter finds exactly the values the full matcher
    /// finds (the summariser relies on this when it prunes).
    /// </summary>
    [SharedDataFact]
    public void AgreesWithTheFullMatcherOnSpiderDev()
    {
        using var dev = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SharedData.SpiderDir, "dev.json")));
        var questions = dev.RootElement.EnumerateArray().Where((_, i) => i % 10 == 0)
            .Select(e => (Db: e.GetProperty("db_id").GetString()!, Question: e.GetProperty("question").GetString()!)).ToList();
        var compared = 0;
        var differences = new List<string>();
        foreach (var group in questions.GroupBy(q => q.Db))
        {
            var file = Path.Combine(SharedData.SpiderDir, "database", group.Key, group.Key + ".sqlite");
            if (!File.Exists(file))
                continue;
            using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
            connection.Open();
            var schema = SqliteSchemaReader.Instance.Read(connection, group.Key);
            var index = ValueIndex.Build(connection, schema, ValueIndexOptions.Complete);
            var prefilter = new ValuePrefilter(index);
            foreach (var (_, question) in group)
            {
                compared++;
                string full = Render(index.Match(question)), fast = Render(prefilter.Match(question));
                if (full != fast)
                    differences.Add($"{group.Key}: {question}\n  full: {full}\n  fast: {fast}");
            }
        }
        Assert.True(compared > 90, $"only {compared} questions compared");
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }
}
