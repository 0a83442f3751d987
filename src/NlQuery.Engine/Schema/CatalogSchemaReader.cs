using System.Data;
using System.Data.Common;

namespace NlQuery.Schema;

/// <summary>
/// Reads a schema from a server's catalog with two queries over plain ADO.NET (no client library referenced):
/// one row per column (table, table kind, column, type, primary-key flag) in table then column order, and one row
/// per foreign-key column pair. Subclasses supply the SQL for their server.
/// </summary>
public abstract class CatalogSchemaReader : ISchemaReader
{
    /// <summary>The schema (namespace) to read; null means the connection's default (current_schema(), SCHEMA_NAME()).</summary>
    public string? SchemaName { get; init; }

    /// <summary>
    /// Columns: table_name, is_view (0/1), column_name, data_type, is_primary_key (0/1); ordered by table, then column
    /// position. The parameter <c>@schema</c> holds <see cref="SchemaName"/> or DBNull for the default.
    /// </summary>
    protected abstract string ColumnsSql { get; }

    /// <summary>Foreign keys: table_name, column_name, referenced_table_name, referenced_column_name; same <c>@schema</c>.</summary>
    protected abstract string ForeignKeysSql { get; }

    public DatabaseSchema Read(DbConnection connection, string? name = null) =>
        ReadCoreAsync(connection, name, async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public ValueTask<DatabaseSchema> ReadAsync(DbConnection connection, string? name = null, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(connection, name, async: true, cancellationToken);

    private async ValueTask<DatabaseSchema> ReadCoreAsync(DbConnection connection, string? name, bool async, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.State != ConnectionState.Open)
            throw new InvalidOperationException("The connection must be open to read its schema.");
        (string, object)[] parameters = [("@schema", (object?)SchemaName ?? DBNull.Value)];

        var rows = await DbQuery.ListAsync(connection, ColumnsSql, parameters,
            r => (Table: r.GetString(0), IsView: Convert.ToInt32(r.GetValue(1)) != 0, Column: r.GetString(2),
                  Type: r.IsDBNull(3) ? "" : r.GetString(3), IsKey: Convert.ToInt32(r.GetValue(4)) != 0),
            async, cancellationToken).ConfigureAwait(false);
        var tables = new List<Table>();
        foreach (var group in rows.GroupBy(r => (r.Table, r.IsView)))
            tables.Add(new Table(group.Key.Table, group.Select(r => new Column(r.Column, r.Type, r.IsKey)), group.Key.IsView));
        var schema = new DatabaseSchema(name ?? connection.Database, tables);

        var pairs = await DbQuery.ListAsync(connection, ForeignKeysSql, parameters,
            r => (Table: r.GetString(0), Column: r.GetString(1), ToTable: r.GetString(2), ToColumn: r.GetString(3)),
            async, cancellationToken).ConfigureAwait(false);
        var keys = new List<ForeignKey>();
        foreach (var (table, column, toTable, toColumn) in pairs)
        {
            // Keys into another schema are outside this model; skip them rather than fail.
            var from = schema.FindTable(table)?.FindColumn(column);
            var to = schema.FindTable(toTable)?.FindColumn(toColumn);
            if (from is not null && to is not null)
                keys.Add(new ForeignKey(from, to));
        }
        return new DatabaseSchema(schema.Name, schema.Tables, keys);
    }
}
