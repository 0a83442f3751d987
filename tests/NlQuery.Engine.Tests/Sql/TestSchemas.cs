using NlQuery.Schema;

namespace NlQuery.Tests.Sql;

/// <summary>A small concert schema (Spider's concert_singer, plus odd names) for parser unit tests.</summary>
internal static class TestSchemas
{
    public static DatabaseSchema Concert { get; } = new("concert_singer",
    [
        new Table("singer", [new Column("singer_id", "int", true), new Column("name", "text"), new Column("country", "text"),
            new Column("age", "int"), new Column("song_name", "text"), new Column("Net Worth", "real")]),
        new Table("concert", [new Column("concert_id", "int", true), new Column("concert_name", "text"), new Column("stadium_id", "int"),
            new Column("year", "text")]),
        new Table("singer_in_concert", [new Column("concert_id", "int"), new Column("singer_id", "int")]),
        new Table("stadium", [new Column("stadium_id", "int", true), new Column("name", "text"), new Column("capacity", "int"),
            new Column("location", "text")]),
        new Table("order", [new Column("id", "int", true), new Column("select", "text")]),
    ]);
}
