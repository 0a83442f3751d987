using NlQuery.Schema;

namespace NlQuery.Linking;

/// <summary>
/// What a <see cref="SchemaSummariser"/> decided for one question: every table ranked by relevance with its reasons,
/// and the part of the schema (tables, columns, matched values) the model gets to see.
/// </summary>
public sealed class SchemaSummary
{
    private DatabaseSchema? _pruned;

    internal SchemaSummary(string question, DatabaseSchema schema, IReadOnlyList<TableRelevance> ranked,
        IReadOnlyList<TableRelevance> kept, int estimatedTokens)
    {
        Question = question;
        Schema = schema;
        Tables = ranked;
        KeptTables = kept;
        EstimatedTokens = estimatedTokens;
    }

    public string Question { get; }

    /// <summary>The whole schema the summary was made from.</summary>
    public DatabaseSchema Schema { get; }

    /// <summary>Every table, most relevant first (ties in schema order).</summary>
    public IReadOnlyList<TableRelevance> Tables { get; }

    /// <summary>The kept tables in schema order: the order PICARD serialises them in.</summary>
    public IReadOnlyList<TableRelevance> KeptTables { get; }

    /// <summary>The model input's length as the token counter saw it while the summary was built.</summary>
    public int EstimatedTokens { get; }

    /// <summary>
    /// The kept tables and columns as a schema of their own (same names, schema order, foreign keys between kept
    /// columns), ready to serialise. Built once, on first use.
    /// </summary>
    public DatabaseSchema ToSchema()
    {
        if (_pruned is not null)
            return _pruned;
        var copies = new Dictionary<Column, Column>();
        var tables = new List<Table>();
        foreach (var table in KeptTables)
        {
            var columns = new List<Column>();
            foreach (var column in table.Columns.Where(c => c.Kept))
            {
                var copy = new Column(column.Column.Name, column.Column.DeclaredType, column.Column.IsPrimaryKey);
                copies[column.Column] = copy;
                columns.Add(copy);
            }
            tables.Add(new Table(table.Table.Name, columns, table.Table.IsView));
        }
        var keys = Schema.ForeignKeys
            .Where(k => copies.ContainsKey(k.Column) && copies.ContainsKey(k.ReferencedColumn))
            .Select(k => new ForeignKey(copies[k.Column], copies[k.ReferencedColumn]));
        return _pruned = new DatabaseSchema(Schema.Name, tables, keys);
    }

    /// <summary>The values shown for each kept column that has any, keyed by "table.column" as the schema names them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> KeptValues() =>
        KeptTables.SelectMany(t => t.Columns).Where(c => c.Kept && c.Values.Count > 0)
            .ToDictionary(c => $"{c.Column.Table.Name}.{c.Column.Name}", c => c.Values, StringComparer.OrdinalIgnoreCase);
}
