using Microsoft.Data.Sqlite;
using NlQuery.Schema;

namespace NlQuery.Tests;

/// <summary>samples/shop.db is what sql/sample/shop.sql builds: same schema, same rows.</summary>
public sealed class SampleDatabaseTests
{
    private static readonly string[] Tables = ["suppliers", "categories", "products", "customers", "employees", "orders", "order_items", "reviews"];

    [Fact]
    public void TheCommittedDatabaseMatchesItsScript()
    {
        using var built = new SqliteConnection("Data Source=:memory:");
        built.Open();
        using (var command = built.CreateCommand())
        {
            command.CommandText = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "sql", "sample", "shop.sql"));
            command.ExecuteNonQuery();
        }
        using var shipped = new SqliteConnection($"Data Source={Path.Combine(SharedData.RepositoryRoot, "samples", "shop.db")};Mode=ReadOnly");
        shipped.Open();

        Assert.Equal(SqliteSchemaReader.Instance.Read(built, "shop").ComputeHash(), SqliteSchemaReader.Instance.Read(shipped, "shop").ComputeHash());
        foreach (var table in Tables)
            Assert.Equal(Fingerprint(built, table), Fingerprint(shipped, table));
        Assert.Equal(600, Convert.ToInt32(Scalar(shipped, "SELECT count(*) FROM orders")));
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static string Fingerprint(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} ORDER BY 1, 2";
        using var reader = command.ExecuteReader();
        var text = new System.Text.StringBuilder();
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
                text.Append(reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
            text.Append('\n');
        }
        return text.ToString();
    }
}
