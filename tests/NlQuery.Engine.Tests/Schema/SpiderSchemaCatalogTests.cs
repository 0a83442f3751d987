using Microsoft.Data.Sqlite;
using NlQuery.Schema;

namespace NlQuery.Tests.Schema;

public sealed class SpiderSchemaCatalogTests
{
    [Fact]
    public void ReadsOriginalNamesTypesAndKeys()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """
            [{"db_id": "shop",
              "table_names_original": ["Customer", "Orders"],
              "table_names": ["customer", "orders"],
              "column_names_original": [[-1, "*"], [0, "CustId"], [0, "Name"], [1, "OrderId"], [1, "CustId"]],
              "column_names": [[-1, "*"], [0, "cust id"], [0, "name"], [1, "order id"], [1, "cust id"]],
              "column_types": ["text", "number", "text", "number", "number"],
              "primary_keys": [1, [3]],
              "foreign_keys": [[4, 1]]}]
            """);
        try
        {
            var catalog = SpiderSchemaCatalog.Load(path);
            var shop = catalog["shop"];
            Assert.Equal(["Customer", "Orders"], shop.Tables.Select(t => t.Name));
            Assert.True(shop.FindTable("orders")!.FindColumn("orderid")!.IsPrimaryKey);
            Assert.Equal("number", shop.FindTable("customer")!.FindColumn("CustId")!.DeclaredType);
            Assert.Equal("Orders.CustId -> Customer.CustId", Assert.Single(shop.ForeignKeys).ToString());
            var missing = Assert.Throws<KeyNotFoundException>(() => catalog["nope"]);
            Assert.Contains("'nope'", missing.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingAndMalformedFilesAreClearErrors()
    {
        Assert.Throws<FileNotFoundException>(() => SpiderSchemaCatalog.Load("/no/such/tables.json"));
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{\"db_id\": 1}");
            Assert.Contains("JSON array", Assert.Throws<InvalidDataException>(() => SpiderSchemaCatalog.Load(path)).Message);
            File.WriteAllText(path, "[{\"db_id\": \"x\"}]");
            Assert.Contains("entry 0", Assert.Throws<InvalidDataException>(() => SpiderSchemaCatalog.Load(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SharedDataFact]
    public void SpiderTablesJsonAgreesWithTheLiveDatabases()
    {
        var catalog = SpiderSchemaCatalog.Load(Path.Combine(SharedData.SpiderDir, "tables.json"));
        Assert.Equal(166, catalog.DbIds.Count);
        var compared = 0;
        foreach (var dbId in catalog.DbIds)
        {
            var file = Path.Combine(SharedData.SpiderDir, "database", dbId, dbId + ".sqlite");
            if (!File.Exists(file))
                continue;
            using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
            connection.Open();
            var live = SqliteSchemaReader.Instance.Read(connection);
            // Every table and column tables.json names exists in the live database.
            foreach (var table in catalog[dbId].Tables)
            {
                var liveTable = live.FindTable(table.Name);
                Assert.True(liveTable is not null, $"{dbId}: table {table.Name} missing from the file");
                foreach (var column in table.Columns)
                    Assert.True(liveTable.FindColumn(column.Name) is not null, $"{dbId}: column {table.Name}.{column.Name} missing");
            }
            compared++;
        }
        Assert.Equal(163, compared);
    }
}
