using System.Collections.ObjectModel;
using NlQuery.Schema;

namespace NlQuery.Linking;

/// <summary>
/// Which tables and columns the model input shows, in what order: the summariser's pruning decision. Without one the
/// serialiser shows every table (views excepted, as PICARD) with every column, in schema order.
/// </summary>
public sealed class SchemaSelection
{
    public SchemaSelection(DatabaseSchema schema, IEnumerable<SelectedTable> tables)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(tables);
        Schema = schema;
        var list = tables.ToList();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var selected in list)
        {
            ArgumentNullException.ThrowIfNull(selected, nameof(tables));
            if (schema.FindTable(selected.Table.Name) != selected.Table)
                throw new ArgumentException($"Table '{selected.Table.Name}' is not part of schema '{schema.Name}'.", nameof(tables));
            if (!seen.Add(selected.Table.Name))
                throw new ArgumentException($"Table '{selected.Table.Name}' is selected twice.", nameof(tables));
            var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var column in selected.Columns)
            {
                if (column.Table != selected.Table)
                    throw new ArgumentException($"Column '{column}' does not belong to table '{selected.Table.Name}'.", nameof(tables));
                if (!columns.Add(column.Name))
                    throw new ArgumentException($"Column '{column}' is selected twice.", nameof(tables));
            }
        }
        Tables = new ReadOnlyCollection<SelectedTable>(list);
    }

    public DatabaseSchema Schema { get; }

    public IReadOnlyList<SelectedTable> Tables { get; }

    /// <summary>Every table with every column, in schema order: PICARD's own (unpruned) input. Views only when asked.</summary>
    public static SchemaSelection All(DatabaseSchema schema, bool includeViews = false)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new SchemaSelection(schema, schema.Tables.Where(t => includeViews || !t.IsView).Select(t => new SelectedTable(t, t.Columns)));
    }

    /// <summary>The named tables (all their columns), in the order given. Unknown names throw.</summary>
    public static SchemaSelection Of(DatabaseSchema schema, params IEnumerable<string> tableNames)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new SchemaSelection(schema, tableNames.Select(name =>
        {
            var table = schema.FindTable(name) ?? throw new ArgumentException($"Schema '{schema.Name}' has no table '{name}'.", nameof(tableNames));
            return new SelectedTable(table, table.Columns);
        }));
    }
}
