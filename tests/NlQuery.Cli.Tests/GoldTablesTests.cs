using System.Text.Json;
using NlQuery.Schema;
using NlQuery.Tests;

namespace NlQuery.Cli.Tests;

public sealed class GoldTablesTests
{
    private static readonly DatabaseSchema Schema = new("db",
    [
        new Table("singer", [new Column("singer_id")]),
        new Table("concert", [new Column("concert_id")]),
        new Table("singer_in_concert", [new Column("singer_id")]),
        new Table("stadium", [new Column("stadium_id")]),
    ]);

    [Theory]
    [InlineData("SELECT count(*) FROM singer", "singer")]
    [InlineData("SELECT T2.name FROM singer_in_concert AS T1 JOIN singer AS T2 ON T1.singer_id = T2.singer_id", "singer_in_concert singer")]
    [InlineData("select * from SINGER t1 join concert t2 on t1.a = t2.b", "singer concert")]
    [InlineData("SELECT a FROM singer, concert WHERE x = 'FROM stadium'", "singer concert")]
    [InlineData("SELECT a FROM stadium WHERE id NOT IN (SELECT stadium_id FROM concert)", "stadium concert")]
    [InlineData("SELECT a FROM singer EXCEPT SELECT a FROM singer", "singer")]
    public void FindsTheTablesAfterFromAndJoin(string sql, string expected) =>
        Assert.Equal(expected.Split(' '), GoldTables.FromSql(sql, Schema));

    /// <summary>On Spider dev the scan agrees with the dataset's own parse (table_units) for nearly every query.</summary>
    [SharedDataFact]
    public void AgreesWithSpidersParsedSqlOnDev()
    {
        var catalog = SpiderSchemaCatalog.Load(Path.Combine(SharedData.SpiderDir, "tables.json"));
        using var dev = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SharedData.SpiderDir, "dev.json")));
        int total = 0, same = 0;
        foreach (var item in dev.RootElement.EnumerateArray())
        {
            var schema = catalog[item.GetProperty("db_id").GetString()!];
            var parsed = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            Collect(item.GetProperty("sql"), schema, parsed);
            var scanned = new SortedSet<string>(GoldTables.FromSql(item.GetProperty("query").GetString()!, schema), StringComparer.OrdinalIgnoreCase);
            total++;
            if (parsed.SetEquals(scanned))
                same++;
        }
        Assert.True(same >= total * 0.99, $"{same} of {total} agree");
    }

    private static void Collect(JsonElement element, DatabaseSchema schema, SortedSet<string> tables)
    {
        if (element.ValueKind == JsonValueKind.Array && element.GetArrayLength() == 2 && element[0].ValueKind == JsonValueKind.String
            && element[0].GetString() == "table_unit")
            tables.Add(schema.Tables[element[1].GetInt32()].Name);
        else if (element.ValueKind == JsonValueKind.Array)
            foreach (var child in element.EnumerateArray())
                Collect(child, schema, tables);
        else if (element.ValueKind == JsonValueKind.Object)
            foreach (var property in element.EnumerateObject())
                Collect(property.Value, schema, tables);
    }
}
