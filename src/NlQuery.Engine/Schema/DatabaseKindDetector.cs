using System.Data.Common;

namespace NlQuery.Schema;

/// <summary>
/// Tells which server a connection talks to from its ADO.NET type, so that no client library needs to be
/// referenced: any provider for a supported server works.
/// </summary>
public static class DatabaseKindDetector
{
    private static readonly (string TypeName, DatabaseKind Kind)[] Known =
    [
        ("Microsoft.Data.Sqlite.SqliteConnection", DatabaseKind.Sqlite),
        ("System.Data.SQLite.SQLiteConnection", DatabaseKind.Sqlite),
        ("Npgsql.NpgsqlConnection", DatabaseKind.PostgreSql),
        ("Microsoft.Data.SqlClient.SqlConnection", DatabaseKind.SqlServer),
        ("System.Data.SqlClient.SqlConnection", DatabaseKind.SqlServer),
    ];

    public static DatabaseKind Detect(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var name = connection.GetType().FullName;
        foreach (var (typeName, kind) in Known)
        {
            if (name == typeName)
                return kind;
        }
        throw new NotSupportedException(
            $"NlQuery does not know the database behind {name}. Supported: SQLite (Microsoft.Data.Sqlite, System.Data.SQLite), " +
            "SQL Server (Microsoft.Data.SqlClient, System.Data.SqlClient) and PostgreSQL (Npgsql).");
    }

    /// <summary>The schema reader for a kind of database.</summary>
    public static ISchemaReader SchemaReaderFor(DatabaseKind kind) => kind switch
    {
        DatabaseKind.Sqlite => SqliteSchemaReader.Instance,
        DatabaseKind.SqlServer => SqlServerSchemaReader.Instance,
        DatabaseKind.PostgreSql => PostgreSqlSchemaReader.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
