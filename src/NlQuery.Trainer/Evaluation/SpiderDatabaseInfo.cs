using System.Text.Json;

namespace NlQuery.Training.Evaluation;

/// <summary>
/// One database of a Spider-format <c>tables.json</c>, kept with its original indices: Spider's <c>sql</c> structures
/// name tables and columns by their position in <c>table_names_original</c> and <c>column_names_original</c>
/// (column 0 is <c>*</c>), and the foreign-key map of the evaluation is built from those positions.
/// </summary>
public sealed class SpiderDatabaseInfo
{
    private readonly Dictionary<string, int> _tableIndex = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(int Table, string Column), int> _columnIndex = new(ColumnKeyComparer.Instance);

    public SpiderDatabaseInfo(string dbId, IReadOnlyList<string> tableNames, IReadOnlyList<(int Table, string Name)> columns,
        IReadOnlyList<(int Column, int ReferencedColumn)> foreignKeys)
    {
        DbId = dbId;
        TableNames = tableNames;
        Columns = columns;
        ForeignKeys = foreignKeys;
        for (var i = 0; i < tableNames.Count; i++)
            _tableIndex.TryAdd(tableNames[i], i);
        for (var i = 0; i < columns.Count; i++)
            if (columns[i].Table >= 0)
                _columnIndex.TryAdd((columns[i].Table, columns[i].Name), i);
    }

    public string DbId { get; }

    public IReadOnlyList<string> TableNames { get; }

    /// <summary>Columns in <c>column_names_original</c> order; index 0 is <c>*</c> with table -1.</summary>
    public IReadOnlyList<(int Table, string Name)> Columns { get; }

    public IReadOnlyList<(int Column, int ReferencedColumn)> ForeignKeys { get; }

    public int? FindTable(string name) => _tableIndex.TryGetValue(name, out var i) ? i : null;

    public int? FindColumn(int table, string name) => _columnIndex.TryGetValue((table, name), out var i) ? i : null;

    /// <summary>Reads every database of a <c>tables.json</c>, keyed by db_id.</summary>
    public static IReadOnlyDictionary<string, SpiderDatabaseInfo> LoadAll(string tablesJsonPath)
    {
        if (!File.Exists(tablesJsonPath))
            throw new FileNotFoundException($"tables.json not found: {tablesJsonPath}", tablesJsonPath);
        try
        {
            using var stream = File.OpenRead(tablesJsonPath);
            using var document = JsonDocument.Parse(stream);
            var result = new Dictionary<string, SpiderDatabaseInfo>(StringComparer.Ordinal);
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                var dbId = entry.GetProperty("db_id").GetString()!;
                var tables = entry.GetProperty("table_names_original").EnumerateArray().Select(t => t.GetString()!).ToList();
                var columns = entry.GetProperty("column_names_original").EnumerateArray()
                    .Select(c => (c[0].GetInt32(), c[1].GetString()!)).ToList();
                var keys = entry.GetProperty("foreign_keys").EnumerateArray().Select(k => (k[0].GetInt32(), k[1].GetInt32())).ToList();
                result[dbId] = new SpiderDatabaseInfo(dbId, tables, columns, keys);
            }
            return result;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"{tablesJsonPath} is not a Spider-format tables.json: {e.Message}", e);
        }
    }

    private sealed class ColumnKeyComparer : IEqualityComparer<(int Table, string Column)>
    {
        public static readonly ColumnKeyComparer Instance = new();

        public bool Equals((int Table, string Column) x, (int Table, string Column) y) =>
            x.Table == y.Table && string.Equals(x.Column, y.Column, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((int Table, string Column) obj) =>
            HashCode.Combine(obj.Table, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Column));
    }
}
