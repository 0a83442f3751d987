using System.Data.Common;
using System.Globalization;
using NlQuery.Schema;

namespace NlQuery;

/// <summary>
/// One cheap query per question that tells whether a database's schema changed since it was described, so the
/// engine can reuse its schema, parser and value index until it does. Each value is opaque: only equality matters.
/// </summary>
internal static class SchemaVersionProbe
{
    /// <summary>SQLite bumps this counter on every schema change, from any connection or process.</summary>
    public const string SqliteSql = "PRAGMA schema_version";

    /// <summary>
    /// PostgreSQL has no schema counter: a digest of every user relation's columns (names, types) and every constraint
    /// (keys), plus the current schema. Catalog tables only, so it costs about one catalog scan, not a schema read.
    /// </summary>
    public const string PostgreSqlSql = """
        SELECT md5(coalesce(string_agg(c.oid::text || '.' || c.relname || '.' || c.relkind::text || '.' || a.attnum::text || '.'
                                       || a.attname || '.' || a.atttypid::text || '.' || a.atttypmod::text, ',' ORDER BY c.oid, a.attnum), ''))
               || md5(coalesce((SELECT string_agg(k.oid::text || '.' || k.conname || '.' || k.contype::text || '.' || coalesce(k.conkey::text, '')
                                                  || '.' || coalesce(k.confrelid::text, '') || '.' || coalesce(k.confkey::text, ''), ',' ORDER BY k.oid)
                                FROM pg_constraint k JOIN pg_namespace kn ON kn.oid = k.connamespace
                                WHERE kn.nspname !~ '^pg_' AND kn.nspname <> 'information_schema'), ''))
               || '.' || coalesce(current_schema(), '')
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        """;

    /// <summary>
    /// SQL Server: how many user tables, views and keys exist, checksums over their names and modification times and
    /// over every user column's name and type, and the default schema. CHECKSUM can collide, so the engine's cache
    /// lifetime bounds how long a missed change could go unseen. Untested against a real server (see README, limits).
    /// </summary>
    public const string SqlServerSql = """
        SELECT CONCAT(
            (SELECT COUNT_BIG(*) FROM sys.objects WHERE is_ms_shipped = 0 AND type IN ('U', 'V', 'F', 'PK')), ':',
            (SELECT CHECKSUM_AGG(CHECKSUM(object_id, name, modify_date)) FROM sys.objects
             WHERE is_ms_shipped = 0 AND type IN ('U', 'V', 'F', 'PK')), ':',
            (SELECT CHECKSUM_AGG(CHECKSUM(c.object_id, c.column_id, c.name, c.system_type_id, c.max_length))
             FROM sys.columns c JOIN sys.objects o ON o.object_id = c.object_id
             WHERE o.is_ms_shipped = 0 AND o.type IN ('U', 'V')), ':',
            SCHEMA_NAME())
        """;

    public static string SqlFor(DatabaseKind kind) => kind switch
    {
        DatabaseKind.Sqlite => SqliteSql,
        DatabaseKind.PostgreSql => PostgreSqlSql,
        DatabaseKind.SqlServer => SqlServerSql,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The schema's current version, or null when the database would not say (then only the lifetime applies).</summary>
    public static async ValueTask<string?> ReadAsync(DbConnection connection, DatabaseKind kind, bool async, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SqlFor(kind);
        try
        {
            var value = async ? await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteScalar();
            return value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
        }
        catch (DbException)
        {
            // No permission on the catalog, or a server that lacks it: fall back to the cache lifetime.
            return null;
        }
    }
}
