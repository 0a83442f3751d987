using System.Text.Json;
using Microsoft.Data.Sqlite;
using NlQuery.Linking;
using NlQuery.Schema;

namespace NlQuery.Tests.Linking;

public sealed class SchemaSummariserTests
{
    /// <summary>Spider's concert_singer, plus two unrelated tables.</summary>
    internal static DatabaseSchema Concerts(bool withUnrelated = true, bool withView = false)
    {
        var stadium = new Table("stadium", [new("Stadium_ID", "int", true), new("Location", "text"), new("Name", "text"), new("Capacity", "int")]);
        var singer = new Table("singer", [new("Singer_ID", "int", true), new("Name", "text"), new("Country", "text"), new("Song_Name", "text"), new("Age", "int")]);
        var concert = new Table("concert", [new("concert_ID", "int", true), new("concert_Name", "text"), new("Theme", "text"), new("Stadium_ID", "int"), new("Year", "text")]);
        var singerInConcert = new Table("singer_in_concert", [new("concert_ID", "int", true), new("Singer_ID", "int", true)]);
        var tables = new List<Table> { stadium, singer, concert, singerInConcert };
        if (withUnrelated)
        {
            tables.Add(new Table("employee", [new("Employee_ID", "int", true), new("Name", "text"), new("Phone_Number", "text"), new("City", "text")]));
            tables.Add(new Table("shop", [new("Shop_ID", "int", true), new("Name", "text"), new("Location", "text"), new("Number_products", "int")]));
        }
        if (withView)
            tables.Add(new Table("singer_names", [new("Name", "text")], isView: true));
        return new DatabaseSchema("concert_singer", tables,
        [
            new ForeignKey(concert.FindColumn("Stadium_ID")!, stadium.FindColumn("Stadium_ID")!),
            new ForeignKey(singerInConcert.FindColumn("concert_ID")!, concert.FindColumn("concert_ID")!),
            new ForeignKey(singerInConcert.FindColumn("Singer_ID")!, singer.FindColumn("Singer_ID")!),
        ]);
    }

    private static DatabaseSchema Single(string table, params string[] columns) =>
        new("db", [new Table(table, columns.Select((c, i) => new Column(c, "text", i == 0))), new Table("other", [new Column("other_id", "int", true), new Column("label")])]);

    private static TableRelevance Top(SchemaSummary summary) => summary.Tables[0];

    private static TableRelevance Find(SchemaSummary summary, string table) => summary.Tables.Single(t => t.Table.Name == table);

    [Fact]
    public void PluralQuestionWordsMatchSingularTableNames()
    {
        var summary = new SchemaSummariser(Concerts()).Summarise("How many singers do we have?");
        Assert.Equal("singer", Top(summary).Table.Name);
        Assert.Contains("name matches 'singers' (plural)", Top(summary).Why);
    }

    [Fact]
    public void ExactNameMatchesGiveNoQualifier()
    {
        var summary = new SchemaSummariser(Concerts()).Summarise("Which stadium is the largest?");
        Assert.Equal("stadium", Top(summary).Table.Name);
        Assert.StartsWith("name matches 'stadium'", Top(summary).Why);
        Assert.DoesNotContain("(plural)", Top(summary).Reasons[0]);
    }

    [Fact]
    public void StemsMatchVerbForms()
    {
        var summary = new SchemaSummariser(Single("ratings", "rating_id", "stars")).Summarise("Which movies were rated highest?");
        Assert.Equal("ratings", Top(summary).Table.Name);
        Assert.Contains("name matches 'rated' (stem of 'ratings')", Top(summary).Why);
    }

    [Fact]
    public void SnakeAndCamelCaseNamesAreSplitIntoWords()
    {
        var schema = new DatabaseSchema("db",
        [
            new Table("SongReleases", [new Column("id", "int", true), new Column("title")]),
            new Table("albums", [new Column("id", "int", true), new Column("release_year")]),
            new Table("other", [new Column("other_id", "int", true)]),
        ]);
        var summary = new SchemaSummariser(schema).Summarise("List every song release and the year");
        Assert.Equal("SongReleases", Top(summary).Table.Name);
        Assert.Contains("name matches 'song'", Top(summary).Why);
        var albums = Find(summary, "albums");
        Assert.Contains("column release_year matches 'year'", albums.Why);
        Assert.True(albums.Columns.Single(c => c.Column.Name == "release_year").Score > 0);
    }

    [Fact]
    public void SynonymsMatchAtALowerWeight()
    {
        var schema = new DatabaseSchema("db",
        [
            new Table("film", [new Column("film_id", "int", true), new Column("title")]),
            new Table("movie", [new Column("movie_id", "int", true), new Column("title")]),
            new Table("actor", [new Column("actor_id", "int", true), new Column("name")]),
        ]);
        var summary = new SchemaSummariser(schema).Summarise("How many movies are there?");
        Assert.Equal("movie", Top(summary).Table.Name);
        var film = Find(summary, "film");
        Assert.Contains("(synonym of 'film')", film.Why);
        Assert.True(film.Score > 0 && film.Score < Top(summary).Score);
        Assert.Equal(0, Find(summary, "actor").Score);
    }

    [Fact]
    public void CustomSynonymTablesReplaceTheDefault()
    {
        var schema = Single("pupil", "pupil_id", "name");
        Assert.Equal(0, new SchemaSummariser(schema, synonyms: new SynonymTable([])).Summarise("How many students?").Tables.Max(t => t.Score));
        Assert.Equal("pupil", Top(new SchemaSummariser(schema).Summarise("How many students?")).Table.Name);
    }

    [Fact]
    public void AdjacentQuestionWordsMeetCompoundNames()
    {
        var schema = new DatabaseSchema("db",
        [
            new Table("Highschooler", [new Column("ID", "int", true), new Column("name"), new Column("grade")]),
            new Table("Friend", [new Column("student_id", "int", true), new Column("friend_id", "int", true)]),
        ]);
        var summariser = new SchemaSummariser(schema);
        var plural = summariser.Summarise("How many high schoolers are there?");
        Assert.Equal("Highschooler", Top(plural).Table.Name);
        Assert.Contains("name matches 'highschoolers' (plural)", Top(plural).Why);
        var prefix = summariser.Summarise("Which high school students are in grade 9?");
        Assert.Equal("Highschooler", Top(prefix).Table.Name);
        Assert.Contains("(start of 'highschooler')", Top(prefix).Why);
    }

    [Fact]
    public void TheHeadNounOfANameCountsMoreThanItsModifiers()
    {
        var summary = new SchemaSummariser(Concerts()).Summarise("Show all singers and concerts");
        // singer_in_concert names both words, but it is about concerts; singer and concert each name theirs in full.
        var linking = Find(summary, "singer_in_concert");
        Assert.True(Find(summary, "singer").Score > Find(summary, "concert").Score - 1);
        Assert.Contains("name matches 'singers' (plural)", linking.Why);
    }

    [Fact]
    public void RareWordsOutweighCommonOnes()
    {
        // "name" is a column of most tables, "capacity" of one: the stadium wins on "capacity" alone.
        var summary = new SchemaSummariser(Concerts()).Summarise("name and capacity");
        Assert.Equal("stadium", Top(summary).Table.Name);
    }

    [Fact]
    public void AggregateWordsMatchOnlyWeakly()
    {
        var summary = new SchemaSummariser(Concerts()).Summarise("What is the number of singers?");
        Assert.Equal("singer", Top(summary).Table.Name);
        Assert.True(Find(summary, "employee").Score < Find(summary, "singer").Score / 3);
    }

    [Fact]
    public void ValuesTheQuestionMentionsPointToTheirColumn()
    {
        var schema = Concerts();
        var index = new ValueIndex(schema, [new ColumnValues("singer", "Country", ["France", "Netherlands"]), new ColumnValues("employee", "City", ["Bristol"])]);
        var summary = new SchemaSummariser(schema, index).Summarise("Who comes from France?");
        Assert.Equal("singer", Top(summary).Table.Name);
        Assert.Contains("value 'France' found in singer.Country", Top(summary).Why);
        var country = Top(summary).Columns.Single(c => c.Column.Name == "Country");
        Assert.Equal(["France"], country.Values);
        Assert.Contains("value 'France' found", country.Why);
        Assert.Contains("country ( France )", summary.Serialize().Text);
    }

    [Fact]
    public void ValueMatchesForAnotherSchemaAreRejected()
    {
        var index = new ValueIndex(Single("t", "c"), []);
        Assert.Throws<ArgumentException>(() => new SchemaSummariser(Concerts(), index));
        var foreign = new ValueIndex(Single("places", "city"), [new ColumnValues("places", "city", ["Paris"])]).Match("Paris");
        var error = Assert.Throws<ArgumentException>(() => new SchemaSummariser(Concerts()).Summarise("Paris", foreign));
        Assert.Contains("places.city", error.Message);
    }

    /// <summary>author ← writes → paper → venue, with link columns that name nothing the questions ask about.</summary>
    private static DatabaseSchema Papers()
    {
        var author = new Table("author", [new("author_id", "int", true), new("full_name", "text")]);
        var writes = new Table("writes", [new("left_ref", "int", true), new("right_ref", "int", true)]);
        var paper = new Table("paper", [new("paper_id", "int", true), new("title", "text"), new("held_at", "int")]);
        var venue = new Table("venue", [new("venue_id", "int", true), new("city", "text")]);
        var shop = new Table("shop", [new("shop_id", "int", true), new("label", "text")]);
        return new DatabaseSchema("papers", [author, writes, paper, venue, shop],
        [
            new ForeignKey(writes.FindColumn("left_ref")!, author.FindColumn("author_id")!),
            new ForeignKey(writes.FindColumn("right_ref")!, paper.FindColumn("paper_id")!),
            new ForeignKey(paper.FindColumn("held_at")!, venue.FindColumn("venue_id")!),
        ]);
    }

    [Fact]
    public void JoinPathsBetweenRelevantTablesAreKept()
    {
        var summary = new SchemaSummariser(Papers()).Summarise("Which authors presented in a venue?", new SchemaSummaryOptions { FillBudget = false });
        // author → writes → paper → venue: the two tables in between carry the join though the question names neither.
        Assert.Equal(["author", "writes", "paper", "venue"], summary.KeptTables.Select(t => t.Table.Name));
        Assert.Contains("joins venue to author", Find(summary, "writes").Why);
        Assert.Contains("joins venue to author", Find(summary, "paper").Why);
        Assert.Contains("kept: needed for the join", Find(summary, "paper").Why);
        Assert.DoesNotContain("matches", Find(summary, "writes").Why);
        Assert.False(Find(summary, "shop").Kept);
        Assert.Contains("dropped: not relevant", Find(summary, "shop").Why);
    }

    [Fact]
    public void JoinPathsAreLimitedToTheHopsAllowed()
    {
        var summary = new SchemaSummariser(Papers()).Summarise("Which authors presented in a venue?",
            new SchemaSummaryOptions { FillBudget = false, MaxJoinHops = 2 });
        Assert.Equal(["author", "venue"], summary.KeptTables.Select(t => t.Table.Name));
    }

    [Fact]
    public void ReferencedTablesOfARelevantTableRankAboveUnrelatedOnes()
    {
        var summary = new SchemaSummariser(Concerts()).Summarise("Show every concert theme");
        var stadium = Find(summary, "stadium");
        Assert.Contains("linked to concert by a foreign key", stadium.Why);
        Assert.True(stadium.Score > Find(summary, "shop").Score);
    }

    [Fact]
    public void TheLeastRelevantPartsGoFirstUnderTheBudget()
    {
        var schema = Concerts();
        var summariser = new SchemaSummariser(schema);
        const string question = "How many singers do we have?";
        var everything = summariser.Summarise(question, new SchemaSummaryOptions { TokenBudget = null });
        Assert.All(everything.Tables, t => Assert.True(t.Kept));

        var previous = everything.EstimatedTokens;
        var previousKept = everything.KeptTables.Count;
        for (var budget = everything.EstimatedTokens - 1; budget > 10; budget -= 7)
        {
            var summary = summariser.Summarise(question, new SchemaSummaryOptions { TokenBudget = budget });
            Assert.True(summary.EstimatedTokens <= budget || summary.KeptTables.Count == 1, $"over budget {budget}: {summary.EstimatedTokens}");
            Assert.True(summary.EstimatedTokens <= previous);
            Assert.True(summary.KeptTables.Count <= previousKept);
            // The best table is always there; whatever is dropped ranks below whatever is kept, except joins.
            Assert.True(Find(summary, "singer").Kept);
            previous = summary.EstimatedTokens;
            previousKept = summary.KeptTables.Count;
        }
        var tight = summariser.Summarise(question, new SchemaSummaryOptions { TokenBudget = 20 });
        Assert.Equal(["singer"], tight.KeptTables.Select(t => t.Table.Name));
        Assert.Contains("dropped: over the token budget", Find(tight, "employee").Why);
        // Within the kept table the key and the matched columns stay; the rest went first.
        var singer = Find(tight, "singer");
        Assert.True(singer.Columns.Single(c => c.Column.Name == "Singer_ID").Kept);
        Assert.Contains(singer.Columns, c => !c.Kept && c.Why.Contains("dropped: over the token budget", StringComparison.Ordinal));
    }

    [Fact]
    public void TheTokenCounterIsPluggable()
    {
        var calls = 0;
        var options = new SchemaSummaryOptions { TokenCounter = text => { calls++; return text.Length; } };
        var summary = new SchemaSummariser(Concerts()).Summarise("How many singers?", options);
        Assert.True(calls > 0);
        var input = summary.Serialize().Text;
        // Counted piece by piece (the spaces between pieces are left out), the estimate stays near the whole input's count.
        Assert.InRange(summary.EstimatedTokens, input.Length * 0.8, input.Length);
    }

    [Fact]
    public void MaxTablesCapsWhatIsKept()
    {
        var summary = new SchemaSummariser(Concerts()).Summarise("How many singers?", new SchemaSummaryOptions { MaxTables = 2 });
        Assert.Equal(2, summary.KeptTables.Count);
        Assert.True(Find(summary, "singer").Kept);
        Assert.Contains(summary.Tables, t => t.Why.Contains("dropped: max tables reached", StringComparison.Ordinal));
    }

    [Fact]
    public void NoPruneKeepsEveryTableAndColumnAsPicardDoes()
    {
        var schema = Concerts(withView: true);
        var summary = new SchemaSummariser(schema).Summarise("How many singers?", new SchemaSummaryOptions { NoPrune = true, TokenBudget = 5 });
        Assert.Equal(6, summary.KeptTables.Count);
        Assert.All(summary.KeptTables, t => Assert.All(t.Columns, c => Assert.True(c.Kept)));
        Assert.False(Find(summary, "singer_names").Kept); // views are not shown, as in PICARD
        Assert.Equal(PicardSerializer.Default.Serialize(schema, "How many singers?").Text, summary.Serialize().Text);
    }

    [Fact]
    public void SummariesAreDeterministic()
    {
        var schema = Concerts();
        var index = new ValueIndex(schema, [new ColumnValues("singer", "Country", ["France"]), new ColumnValues("stadium", "Location", ["Paris"])]);
        static string Render(SchemaSummary s) => string.Join("\n", s.Tables.Select(t =>
            $"{t.Table.Name} {t.Score} {t.Kept} {t.Why} [{string.Join(",", t.Columns.Select(c => $"{c.Column.Name}:{c.Kept}:{string.Join("/", c.Values)}"))}]")) + s.Serialize().Text;
        const string question = "Which singers from France sang in a Paris stadium concert?";
        var first = Render(new SchemaSummariser(schema, index).Summarise(question, new SchemaSummaryOptions { TokenBudget = 90 }));
        for (var i = 0; i < 3; i++)
            Assert.Equal(first, Render(new SchemaSummariser(schema, index).Summarise(question, new SchemaSummaryOptions { TokenBudget = 90 })));
    }

    [Fact]
    public void AQuestionThatMatchesNothingStillFillsTheBudgetInSchemaOrder()
    {
        var summary = new SchemaSummariser(Concerts()).Summarise("Hello?");
        Assert.All(summary.Tables, t => Assert.Equal(0, t.Score));
        Assert.Equal(Concerts().Tables.Select(t => t.Name), summary.Tables.Select(t => t.Table.Name));
        Assert.Contains("kept: fits the token budget (no match)", summary.Tables[0].Why);
    }

    [Fact]
    public void BadOptionsAreRejectedByName()
    {
        var summariser = new SchemaSummariser(Concerts());
        Assert.Equal("TokenBudget", Assert.Throws<ArgumentOutOfRangeException>(() => summariser.Summarise("q", new SchemaSummaryOptions { TokenBudget = 0 })).ParamName);
        Assert.Equal("MaxTables", Assert.Throws<ArgumentOutOfRangeException>(() => summariser.Summarise("q", new SchemaSummaryOptions { MaxTables = 0 })).ParamName);
        Assert.Equal("RelevanceRatio", Assert.Throws<ArgumentOutOfRangeException>(() => summariser.Summarise("q", new SchemaSummaryOptions { RelevanceRatio = 2 })).ParamName);
        Assert.Throws<ArgumentNullException>(() => summariser.Summarise(null!));
        Assert.Throws<ArgumentNullException>(() => new SchemaSummariser(null!));
    }

    [Fact]
    public void AThousandTableSchemaFindsTheOneTableAsked()
    {
        var tables = Enumerable.Range(0, 1000).Select(i => new Table($"dept{i}_records", [new Column("id", "int", true), new Column("name"), new Column($"metric_{i}")])).ToList();
        tables[737] = new Table("warehouse_shipments", [new Column("id", "int", true), new Column("carrier"), new Column("weight")]);
        var summary = new SchemaSummariser(new DatabaseSchema("big", tables)).Summarise("Total weight of all shipments by carrier",
            new SchemaSummaryOptions { MaxTables = 10 });
        Assert.Equal("warehouse_shipments", Top(summary).Table.Name);
        Assert.True(summary.KeptTables.Count <= 10);
        Assert.True(summary.EstimatedTokens <= SchemaSummaryOptions.DefaultTokenBudget);
    }

    /// <summary>
    /// A cheap slice of the Spider acceptance run (<c>nlq eval linking</c> does all of it): on three dev databases, at a
    /// 256-token budget, every table the gold SQL reads is kept while the larger databases are pruned.
    /// </summary>
    [SharedDataFact]
    public void KeepsTheGoldTablesOfSpiderDevQuestions()
    {
        using var dev = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SharedData.SpiderDir, "dev.json")));
        var catalog = SpiderSchemaCatalog.Load(Path.Combine(SharedData.SpiderDir, "tables.json"));
        int gold = 0, kept = 0;
        var pruned = 0;
        foreach (var group in dev.RootElement.EnumerateArray().GroupBy(e => e.GetProperty("db_id").GetString()!)
                     .Where(g => g.Key is "concert_singer" or "world_1" or "student_transcripts_tracking"))
        {
            var file = Path.Combine(SharedData.SpiderDir, "database", group.Key, group.Key + ".sqlite");
            using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
            connection.Open();
            var schema = SqliteSchemaReader.Instance.Read(connection, group.Key);
            var summariser = new SchemaSummariser(schema, ValueIndex.Build(connection, schema));
            foreach (var example in group)
            {
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                CollectTableUnits(example.GetProperty("sql"), catalog[group.Key], names);
                var summary = summariser.Summarise(example.GetProperty("question").GetString()!, new SchemaSummaryOptions { TokenBudget = 256 });
                var keptNames = summary.KeptTables.Select(t => t.Table.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                gold += names.Count;
                kept += names.Count(keptNames.Contains);
                if (summary.KeptTables.Count < schema.Tables.Count)
                    pruned++;
            }
        }
        Assert.True(gold > 200, $"only {gold} gold tables");
        Assert.True(kept >= gold * 0.99, $"{kept} of {gold} gold tables kept");
        Assert.True(pruned > 50, $"only {pruned} questions were pruned at all");
    }

    private static void CollectTableUnits(JsonElement element, DatabaseSchema schema, HashSet<string> names)
    {
        if (element.ValueKind == JsonValueKind.Array && element.GetArrayLength() == 2 && element[0].ValueKind == JsonValueKind.String
            && element[0].GetString() == "table_unit")
            names.Add(schema.Tables[element[1].GetInt32()].Name);
        else if (element.ValueKind == JsonValueKind.Array)
            foreach (var child in element.EnumerateArray())
                CollectTableUnits(child, schema, names);
        else if (element.ValueKind == JsonValueKind.Object)
            foreach (var property in element.EnumerateObject())
                CollectTableUnits(property.Value, schema, names);
    }
}
