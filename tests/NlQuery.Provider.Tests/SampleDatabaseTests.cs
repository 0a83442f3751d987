using Microsoft.Data.Sqlite;
using NlQuery.Schema;

namespace NlQuery.Tests;

/// <summary>Each committed sample database (samples/NAME.db) is what sql/sample/NAME.sql builds: same schema, same rows.</summary>
public sealed class SampleDatabaseTests
{
    [Theory]
    [InlineData("shop", "orders", 600)]
    [InlineData("clinic", "appointments", 3200)]
    public void TheCommittedDatabaseMatchesItsScript(string name, string mainTable, int mainRows)
    {
        using var built = new SqliteConnection("Data Source=:memory:");
        built.Open();
        using (var command = built.CreateCommand())
        {
            command.CommandText = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "sql", "sample", name + ".sql"));
            command.ExecuteNonQuery();
        }
        using var shipped = new SqliteConnection($"Data Source={Path.Combine(SharedData.RepositoryRoot, "samples", name + ".db")};Mode=ReadOnly");
        shipped.Open();

        var schema = SqliteSchemaReader.Instance.Read(built, name);
        Assert.Equal(schema.ComputeHash(), SqliteSchemaReader.Instance.Read(shipped, name).ComputeHash());
        foreach (var table in schema.Tables)
            Assert.Equal(Fingerprint(built, table.Name), Fingerprint(shipped, table.Name));
        // Guards against both files being empty or truncated alike (an empty script builds an empty, "matching" db).
        Assert.Equal(mainRows, Convert.ToInt32(Scalar(shipped, $"SELECT count(*) FROM {mainTable}")));
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
