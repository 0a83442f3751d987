using System.Collections.ObjectModel;
using System.Security.Cryptography;
using System.Text;

namespace NlQuery.Schema;

/// <summary>
/// The tables, columns and foreign keys of one database, read from live metadata or from Spider's tables.json.
/// Immutable once built; names compare case-insensitively.
/// </summary>
public sealed class DatabaseSchema
{
    private readonly Dictionary<string, Table> _byName;

    public DatabaseSchema(string name, IEnumerable<Table> tables, IEnumerable<ForeignKey>? foreignKeys = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        var list = tables.ToList();
        _byName = new Dictionary<string, Table>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in list)
        {
            if (!_byName.TryAdd(table.Name, table))
                throw new ArgumentException($"Schema '{name}' has two tables named '{table.Name}'.", nameof(tables));
        }
        Tables = new ReadOnlyCollection<Table>(list);
        var keys = (foreignKeys ?? []).ToList();
        foreach (var key in keys)
        {
            if (!Owns(key.Column) || !Owns(key.ReferencedColumn))
                throw new ArgumentException($"Foreign key {key} refers to a column outside schema '{name}'.", nameof(foreignKeys));
        }
        ForeignKeys = new ReadOnlyCollection<ForeignKey>(keys);
    }

    /// <summary>The database's name: a Spider db_id, or a file name without extension.</summary>
    public string Name { get; }

    /// <summary>Tables in the order the database lists them (sqlite_master order for SQLite).</summary>
    public IReadOnlyList<Table> Tables { get; }

    public IReadOnlyList<ForeignKey> ForeignKeys { get; }

    public Table? FindTable(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// A stable hash of names, types, keys and foreign keys: it tells whether a cached summary, value index or
    /// logged correction was made against this same schema.
    /// </summary>
    public string ComputeHash()
    {
        var text = new StringBuilder();
        foreach (var table in Tables)
        {
            text.Append("T\0").Append(table.Name).Append('\0').Append(table.IsView ? 'v' : 't').Append('\n');
            foreach (var column in table.Columns)
                text.Append("C\0").Append(column.Name).Append('\0').Append(column.DeclaredType).Append('\0').Append(column.IsPrimaryKey ? '1' : '0').Append('\n');
        }
        foreach (var key in ForeignKeys)
            text.Append("F\0").Append(key.ToString()).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private bool Owns(Column column) => column.Table is { } t && FindTable(t.Name) == t;

    public override string ToString() => $"{Name} ({Tables.Count} tables)";
}
