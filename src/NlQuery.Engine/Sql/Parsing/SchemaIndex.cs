using NlQuery.Schema;
using NlQuery.Sql.Lexing;

namespace NlQuery.Sql.Parsing;

/// <summary>Name lookups over one schema, built once per <see cref="SqlParser"/> and shared by all its states.</summary>
internal sealed class SchemaIndex
{
    private readonly Dictionary<string, (Table Table, NameSet Columns)> _tables = new(StringComparer.OrdinalIgnoreCase);

    public SchemaIndex(DatabaseSchema schema)
    {
        foreach (var table in schema.Tables)
            _tables[table.Name] = (table, new NameSet(table.Columns.Select(c => c.Name)));
        TableNames = new NameSet(schema.Tables.Select(t => t.Name));
        AllColumns = new NameSet(schema.Tables.SelectMany(t => t.Columns).Select(c => c.Name));
    }

    public NameSet TableNames { get; }

    /// <summary>Every column name of every table: what a name typed before FROM must be one of.</summary>
    public NameSet AllColumns { get; }

    public bool TryGetTable(string name, out Table table, out NameSet columns)
    {
        if (_tables.TryGetValue(name, out var entry))
        {
            (table, columns) = entry;
            return true;
        }
        table = null!;
        columns = null!;
        return false;
    }
}
