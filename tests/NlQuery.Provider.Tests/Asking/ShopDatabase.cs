using Microsoft.Data.Sqlite;

namespace NlQuery.Tests.Asking;

/// <summary>A private, writable copy of samples/shop.db, so tests can prove that nothing in it changed.</summary>
internal sealed class ShopDatabase : IDisposable
{
    public ShopDatabase()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"nlq-shop-{Guid.NewGuid():N}.db");
        File.Copy(System.IO.Path.Combine(SharedData.RepositoryRoot, "samples", "shop.db"), Path);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString();
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Every table's name, column list and row count, and the whole file's bytes' hash: any change shows.</summary>
    public string Fingerprint()
    {
        using var connection = Open();
        var text = new System.Text.StringBuilder();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, sql FROM sqlite_master ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                text.Append(reader.GetString(0)).Append(':').Append(reader.IsDBNull(1) ? "" : reader.GetString(1)).Append('\n');
        }
        foreach (var table in new[] { "customers", "orders", "order_items", "products" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*), total(rowid) FROM {table}";
            using var reader = command.ExecuteReader();
            reader.Read();
            text.Append(table).Append('=').Append(reader.GetInt64(0)).Append('/').Append(reader.GetDouble(1)).Append('\n');
        }
        return text.ToString();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        SqliteFiles.Delete(Path);
    }
}
