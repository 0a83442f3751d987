using System.Collections.ObjectModel;

namespace NlQuery.Schema;

/// <summary>A table (or view) with its columns in declaration order.</summary>
public sealed class Table
{
    private readonly Dictionary<string, Column> _byName;

    public Table(string name, IEnumerable<Column> columns, bool isView = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        IsView = isView;
        var list = columns.ToList();
        _byName = new Dictionary<string, Column>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in list)
        {
            if (column.Table is not null)
                throw new ArgumentException($"Column '{column.Name}' already belongs to table '{column.Table.Name}'.", nameof(columns));
            // SQLite refuses duplicate column names case-insensitively; so do we, keeping the first.
            if (!_byName.TryAdd(column.Name, column))
                throw new ArgumentException($"Table '{name}' declares column '{column.Name}' twice.", nameof(columns));
            column.Table = this;
        }
        Columns = new ReadOnlyCollection<Column>(list);
    }

    public string Name { get; }

    public bool IsView { get; }

    public IReadOnlyList<Column> Columns { get; }

    /// <summary>Finds a column by name, ignoring case as SQLite, SQL Server (default collation) and folded PostgreSQL names do.</summary>
    public Column? FindColumn(string name) => _byName.GetValueOrDefault(name);

    public override string ToString() => Name;
}
