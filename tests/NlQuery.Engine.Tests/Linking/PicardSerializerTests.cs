using Microsoft.Data.Sqlite;
using NlQuery.Linking;
using NlQuery.Schema;

namespace NlQuery.Tests.Linking;

public sealed class PicardSerializerTests : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly DatabaseSchema _schema;
    private readonly ValueIndex _values;

    public PicardSerializerTests()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = """
                CREATE TABLE Singer (Singer_ID INTEGER PRIMARY KEY AUTOINCREMENT, Name text, Country text);
                CREATE TABLE Concert (Concert_ID int, Theme text, Singer_ID int REFERENCES Singer(Singer_ID));
                CREATE VIEW French AS SELECT Name FROM Singer WHERE Country = 'France';
                INSERT INTO Singer (Name, Country) VALUES ('Joe Sharp', 'Netherlands'), ('Timbaland', 'United States'), ('Justin Brown', 'France');
                INSERT INTO Concert VALUES (1, 'Free choice', 1), (2, 'Happy Tonight', 2);
                """;
            command.ExecuteNonQuery();
        }
        _schema = SqliteSchemaReader.Instance.Read(_connection, "Concert_Singer");
        _values = ValueIndex.Build(_connection, _schema, ValueIndexOptions.Complete);
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void SerialisesEveryTableWithMatchedValuesInPicardsLayout()
    {
        var input = PicardSerializer.Default.Serialize(_schema, "Which singers are from France?\t ", _values);
        // Names lower-cased, db_id as given, the view left out, sqlite_sequence listed (after the table that made it) but never with values.
        Assert.Equal("Which singers are from France? | Concert_Singer | singer : singer_id , name , country ( France ) | sqlite_sequence : name , seq " +
            "| concert : concert_id , theme , singer_id", input.Text);
        Assert.Equal(["singer", "sqlite_sequence", "concert"], input.Tables.Select(t => t.Text));
        Assert.Equal("France", Assert.Single(input.Tables[0].Columns[2].Values).Value);
    }

    [Fact]
    public void LeadingWhitespaceShiftsTheMatchedSpanAsInPicard()
    {
        // BRIDGE finds the span in the stripped question and cuts it from the original: two leading spaces turn
        // "France" into "m Fran", which no longer matches.
        var input = PicardSerializer.Default.Serialize(_schema, "  Which singers are from France?", _values, SchemaSelection.Of(_schema, "Singer"));
        Assert.Equal("Which singers are from France? | Concert_Singer | singer : singer_id , name , country", input.Text);
    }

    [Fact]
    public void WithoutAValueIndexOrWithValuesOffNoValuesAreListed()
    {
        var expected = "Which singers are from France? | Concert_Singer | singer : singer_id , name , country | sqlite_sequence : name , seq " +
            "| concert : concert_id , theme , singer_id";
        Assert.Equal(expected, PicardSerializer.Default.Serialize(_schema, "Which singers are from France?").Text);
        var noValues = new PicardSerializer(new PicardSerializerOptions { IncludeDatabaseValues = false });
        Assert.Equal(expected, noValues.Serialize(_schema, "Which singers are from France?", _values).Text);
    }

    [Fact]
    public void ASelectionPrunesAndOrdersTablesAndColumns()
    {
        var singer = _schema.FindTable("Singer")!;
        var concert = _schema.FindTable("Concert")!;
        var selection = new SchemaSelection(_schema,
        [
            new SelectedTable(concert, [concert.FindColumn("theme")!]),
            new SelectedTable(singer, [singer.FindColumn("country")!, singer.FindColumn("singer_id")!]),
        ]);
        var input = PicardSerializer.Default.Serialize(_schema, "Concerts of singers from France", _values, selection);
        Assert.Equal("Concerts of singers from France | Concert_Singer | concert : theme | singer : country ( France ) , singer_id", input.Text);
    }

    [Fact]
    public void ASelectionForAnotherSchemaIsRejected()
    {
        var other = new DatabaseSchema("other", [new Table("t", [new Column("c")])]);
        var error = Assert.Throws<ArgumentException>(() => PicardSerializer.Default.Serialize(_schema, "q", _values, SchemaSelection.All(other)));
        Assert.Contains("'other'", error.Message);
    }

    [Fact]
    public void PrecomputedMatchesGiveTheSameInput()
    {
        var serializer = PicardSerializer.Default;
        var question = "Which singers are from France?";
        var matches = _values.Match(serializer.GetMatchText(question), serializer.Matcher);
        Assert.Equal(serializer.Serialize(_schema, question, _values).Text, serializer.Serialize(_schema, question, matches).Text);
    }

    [Fact]
    public void OptionsDropTheDatabaseIdAddAPrefixAndKeepNameCase()
    {
        var serializer = new PicardSerializer(new PicardSerializerOptions { IncludeDatabaseId = false, Prefix = "translate: ", NormalizeNames = false });
        var input = serializer.Serialize(_schema, "How many singers?", _values, SchemaSelection.Of(_schema, "Singer"));
        Assert.Equal("translate: How many singers? | Singer : Singer_ID , Name , Country", input.Text);
    }

    [Fact]
    public void EarlierQuestionsFollowMostRecentFirstAsInPicardsCoSql()
    {
        string[] previous = ["Show all singers.", " Which of them are from France? "];
        var input = PicardSerializer.Default.Serialize(_schema, "How old are they?", _values, SchemaSelection.Of(_schema, "Singer"), previous);
        // Values are matched over the whole conversation, so France (named two turns back) is still listed.
        Assert.Equal("How old are they? | Concert_Singer | singer : singer_id , name , country ( France ) " +
            "|| Which of them are from France? | Show all singers.", input.Text);
        Assert.Equal(previous, input.PreviousQuestions);
        Assert.Equal("Show all singers. |  Which of them are from France?  | How old are they?", PicardSerializer.Default.GetMatchText("How old are they?", previous));
    }

    [Fact]
    public void ConversationContextIsConfigurable()
    {
        string[] previous = ["Show all singers from France.", "Only those named Joe.", "Sort them by name."];
        var lastOne = new PicardSerializer(new PicardSerializerOptions { MaxPreviousQuestions = 1 });
        var input = lastOne.Serialize(_schema, "And by country?", _values, SchemaSelection.Of(_schema, "Singer"), previous);
        // Only the last earlier question is kept, for the text and for value matching (France is no longer mentioned).
        Assert.Equal("And by country? | Concert_Singer | singer : singer_id , name , country || Sort them by name.", input.Text);
        Assert.Equal(["Sort them by name."], input.PreviousQuestions);

        var off = new PicardSerializer(new PicardSerializerOptions { IncludePreviousQuestions = false });
        Assert.Equal(PicardSerializer.Default.Serialize(_schema, "And by country?", _values).Text,
            off.Serialize(_schema, "And by country?", _values, previousQuestions: previous).Text);
        Assert.Equal(PicardSerializer.Default.Serialize(_schema, "And by country?", _values).Text,
            PicardSerializer.Default.Serialize(_schema, "And by country?", _values, previousQuestions: []).Text);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PicardSerializer(new PicardSerializerOptions { MaxPreviousQuestions = -1 }));
        Assert.Throws<ArgumentException>(() => PicardSerializer.Default.Serialize(_schema, "q", _values, previousQuestions: [null!]));
    }
}
