using System.Data;
using System.Data.Common;

namespace NlQuery.Schema;

/// <summary>
/// Reads a SQLite schema through plain ADO.NET (any SQLite provider works): tables and views from
/// <c>sqlite_master</c> in its own order, columns from <c>pragma_table_info</c>, keys from <c>pragma_foreign_key_list</c>.
/// </summary>
public sealed class SqliteSchemaReader : ISchemaReader
{
    public static SqliteSchemaReader Instance { get; } = new();

    public DatabaseSchema Read(DbConnection connection, string? name = null) =>
        ReadCoreAsync(connection, name, async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public ValueTask<DatabaseSchema> ReadAsync(DbConnection connection, string? name = null, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(connection, name, async: true, cancellationToken);

    private static async ValueTask<DatabaseSchema> ReadCoreAsync(DbConnection connection, string? name, bool async, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.State != ConnectionState.Open)
            throw new InvalidOperationException("The connection must be open to read its schema.");
        name ??= DefaultName(connection);

        // rowid order is the order tables were created: the order PICARD and Spider's tools list them in.
        var entries = await QueryAsync(connection, "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY rowid",
            null, r => (Name: r.GetString(0), IsView: r.GetString(1) == "view"), async, cancellationToken).ConfigureAwait(false);

        var tables = new List<Table>(entries.Count);
        foreach (var (tableName, isView) in entries)
        {
            var columns = await QueryAsync(connection, "SELECT name, type, pk FROM pragma_table_info($t) ORDER BY cid", tableName,
                r => new Column(r.GetString(0), r.IsDBNull(1) ? "" : r.GetString(1), r.GetInt64(2) > 0), async, cancellationToken).ConfigureAwait(false);
            if (columns.Count > 0)
                tables.Add(new Table(tableName, columns, isView));
        }
        var schema = new DatabaseSchema(name, tables);

        var keys = new List<ForeignKey>();
        foreach (var table in schema.Tables.Where(t => !t.IsView))
        {
            var rows = await QueryAsync(connection, "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list($t) ORDER BY id, seq", table.Name,
                r => (Table: r.GetString(0), From: r.GetString(1), To: r.IsDBNull(2) ? null : r.GetString(2)), async, cancellationToken).ConfigureAwait(false);
            foreach (var (target, from, to) in rows)
            {
                // Real databases (Spider's included) declare keys to tables or columns that do not exist; SQLite allows
                // it until enforcement, so such keys are skipped rather than failing the whole read.
                var column = table.FindColumn(from);
                var referenced = schema.FindTable(target);
                var referencedColumn = to is null ? referenced?.Columns.FirstOrDefault(c => c.IsPrimaryKey) : referenced?.FindColumn(to);
                if (column is not null && referencedColumn is not null)
                    keys.Add(new ForeignKey(column, referencedColumn));
            }
        }
        return new DatabaseSchema(name, schema.Tables, keys);
    }

    private static string DefaultName(DbConnection connection)
    {
        var source = connection.DataSource;
        return string.IsNullOrEmpty(source) ? connection.Database : Path.GetFileNameWithoutExtension(source);
    }

    private static ValueTask<List<T>> QueryAsync<T>(DbConnection connection, string sql, string? tableName,
        Func<DbDataReader, T> map, bool async, CancellationToken cancellationToken) =>
        DbQuery.ListAsync(connection, sql, tableName is null ? [] : [("$t", tableName)], map, async, cancellationToken);
}
