using NlQuery.Linking;
using NlQuery.Models.Pointer;
using NlQuery.Schema;
using NlQuery.Sql;
using NlQuery.Text;

namespace NlQuery.Tests.Models.Pointer;

/// <summary>A small concert schema with foreign keys, MiniLM's tokenizer and helpers shared by the pointer model's tests.</summary>
internal static class PointerTestData
{
    private static readonly Lazy<WordPieceTokenizer> LazyTokenizer =
        new(() => WordPieceTokenizer.Load(Path.Combine(EncoderFiles.MiniLmDirectory(), "vocab.txt")));

    public static WordPieceTokenizer Tokenizer => LazyTokenizer.Value;

    /// <summary>
    /// singer(singer_id pk, name, country, age, "Net Worth"), concert(concert_id pk, concert_name, year, stadium_id → stadium),
    /// singer_in_concert(concert_id → concert, singer_id → singer), stadium(stadium_id pk, name, capacity, opened date).
    /// A new instance per call: tests compare positions' tables by reference.
    /// </summary>
    public static DatabaseSchema Concert()
    {
        var singer = new Table("singer", [new Column("singer_id", "int", true), new Column("name", "text"), new Column("country", "varchar(20)"),
            new Column("age", "int"), new Column("Net Worth", "real")]);
        var concert = new Table("concert", [new Column("concert_id", "int", true), new Column("concert_name", "text"), new Column("year", "text"),
            new Column("stadium_id", "int")]);
        var inConcert = new Table("singer_in_concert", [new Column("concert_id", "int"), new Column("singer_id", "int")]);
        var stadium = new Table("stadium", [new Column("stadium_id", "int", true), new Column("name", "text"), new Column("capacity", "int"),
            new Column("opened", "date")]);
        return new DatabaseSchema("concert_singer", [singer, concert, inConcert, stadium],
        [
            new ForeignKey(concert.FindColumn("stadium_id")!, stadium.FindColumn("stadium_id")!),
            new ForeignKey(inConcert.FindColumn("concert_id")!, concert.FindColumn("concert_id")!),
            new ForeignKey(inConcert.FindColumn("singer_id")!, singer.FindColumn("singer_id")!),
        ]);
    }

    /// <summary>Matched values: (table, column, value) triples as the value matcher would have selected them.</summary>
    public static ValueMatchResult Values(string question, params (string Table, string Column, string Value)[] values) =>
        new(question, values.GroupBy(v => (v.Table, v.Column))
            .Select(g => (ColumnValueMatches)new ColumnValueMatches(g.Key.Table, g.Key.Column, [],
                g.Select(v => new ValueMatch(v.Value, v.Value, v.Value, 1.0, v.Value.Length)).ToList()))
            .ToList());

    public static PointerInput Build(string question, DatabaseSchema schema, ValueMatchResult? values = null, int maxTokens = 256, params string[] tables) =>
        new PointerInputBuilder(Tokenizer, maxTokens).Build(question,
            tables.Length == 0 ? SchemaSelection.All(schema) : SchemaSelection.Of(schema, tables), values);

    public static PointerActions Actions(PointerInput input) => new(ActionVocabulary.Default, input, SqlDialect.Sqlite);

    public static SqlParser Parser(DatabaseSchema schema) => new(SqlDialect.Sqlite, ParseMode.Guards, schema);

    public static int Vocab(string text) => ActionVocabulary.Default.TryGetId(text, out var id) ? id : throw new ArgumentException(text);

    /// <summary>The position of a schema item: a table ("singer"), a column ("singer.name") or a value ("singer.country='France'").</summary>
    public static int Position(PointerInput input, string item)
    {
        for (var p = input.QuestionWordCount; p < input.Positions.Count; p++)
        {
            var position = input.Positions[p];
            var text = position.Type switch
            {
                PositionType.Table => position.Text,
                PositionType.Column => position.Table!.Name + "." + position.Text,
                _ => position.Table!.Name + "." + position.Column!.Name + "='" + position.Text + "'",
            };
            if (text == item)
                return p;
        }
        throw new ArgumentException($"No position '{item}'.");
    }

    /// <summary>The first question word spelled <paramref name="word"/>.</summary>
    public static int Word(PointerInput input, string word)
    {
        for (var p = 0; p < input.QuestionWordCount; p++)
        {
            if (input.Positions[p].Text == word)
                return p;
        }
        throw new ArgumentException($"No question word '{word}'.");
    }
}
