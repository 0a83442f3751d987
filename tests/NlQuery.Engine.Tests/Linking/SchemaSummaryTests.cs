using NlQuery.Linking;

namespace NlQuery.Tests.Linking;

public sealed class SchemaSummaryTests
{
    [Fact]
    public void KeptTablesAndColumnsComeInSchemaOrder()
    {
        var schema = SchemaSummariserTests.Concerts();
        var summary = new SchemaSummariser(schema).Summarise("Which singers performed in concerts?", new SchemaSummaryOptions { FillBudget = false });
        // Ranked by relevance…
        Assert.NotEqual(schema.Tables.Select(t => t.Name).Take(summary.Tables.Count), summary.Tables.Select(t => t.Table.Name));
        // …but shown in the database's own order, as PICARD shows them.
        var order = schema.Tables.Select(t => t.Name).ToList();
        var kept = summary.KeptTables.Select(t => t.Table.Name).ToList();
        Assert.Equal(kept.OrderBy(order.IndexOf), kept);
        var selection = summary.ToSelection();
        Assert.Same(schema, selection.Schema);
        Assert.Equal(kept, selection.Tables.Select(t => t.Table.Name));
        Assert.All(selection.Tables, t => Assert.Equal(t.Table.Columns.Where(t.Columns.Contains), t.Columns));
    }

    [Fact]
    public void TheModelInputShowsOnlyWhatWasKept()
    {
        var schema = SchemaSummariserTests.Concerts();
        var summary = new SchemaSummariser(schema).Summarise("How many singers?", new SchemaSummaryOptions { TokenBudget = 25 });
        var input = summary.Serialize().Text;
        Assert.StartsWith("How many singers? | concert_singer | singer : singer_id", input);
        Assert.DoesNotContain("employee", input);
        Assert.DoesNotContain("song_name", input);
    }

    [Fact]
    public void KeptValuesAreListedByColumn()
    {
        var schema = SchemaSummariserTests.Concerts();
        var index = new ValueIndex(schema, [new ColumnValues("singer", "Country", ["France"])]);
        var summary = new SchemaSummariser(schema, index).Summarise("singers from France");
        Assert.NotNull(summary.ValueMatches);
        Assert.Equal(["France"], summary.KeptTables.Single(t => t.Table.Name == "singer").Columns.Single(c => c.Column.Name == "Country").Values);
        Assert.Equal("singers from France", summary.Question);
    }

    [Fact]
    public void EarlierQuestionsOfAConversationGoAfterTheSchema()
    {
        var summary = new SchemaSummariser(SchemaSummariserTests.Concerts()).Summarise("And their ages?");
        var input = summary.Serialize(previousQuestions: ["How many singers are there?"]).Text;
        Assert.EndsWith(" || How many singers are there?", input);
    }
}
