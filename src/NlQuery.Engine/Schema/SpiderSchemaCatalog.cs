using System.Text.Json;

namespace NlQuery.Schema;

/// <summary>
/// The schemas of a Spider-format <c>tables.json</c> (Spider, SParC, CoSQL), keyed by db_id. Used for databases
/// whose SQLite file is missing and for datasets shipped without files. Original (not normalised) names are used.
/// </summary>
public sealed class SpiderSchemaCatalog
{
    private readonly Dictionary<string, DatabaseSchema> _schemas;

    private SpiderSchemaCatalog(string path, Dictionary<string, DatabaseSchema> schemas)
    {
        Path = path;
        _schemas = schemas;
    }

    public string Path { get; }

    public IReadOnlyCollection<string> DbIds => _schemas.Keys;

    public DatabaseSchema this[string dbId] => _schemas.TryGetValue(dbId, out var schema)
        ? schema
        : throw new KeyNotFoundException($"Database id '{dbId}' is not in {Path} ({_schemas.Count} databases).");

    public bool TryGet(string dbId, out DatabaseSchema schema) => _schemas.TryGetValue(dbId, out schema!);

    public static SpiderSchemaCatalog Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Schema file not found: {path}", path);
        using var stream = File.OpenRead(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{path} must hold a JSON array of databases, as Spider's tables.json does.");
            var schemas = new Dictionary<string, DatabaseSchema>(StringComparer.Ordinal);
            var index = 0;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                try
                {
                    var schema = ReadEntry(entry);
                    schemas[schema.Name] = schema;
                }
                catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
                {
                    throw new InvalidDataException($"{path}: database entry {index} is malformed: {e.Message}", e);
                }
                index++;
            }
            return new SpiderSchemaCatalog(path, schemas);
        }
    }

    private static DatabaseSchema ReadEntry(JsonElement entry)
    {
        var dbId = entry.GetProperty("db_id").GetString()!;
        var tableNames = entry.GetProperty("table_names_original").EnumerateArray().Select(e => e.GetString()!).ToList();
        var columnTypes = entry.GetProperty("column_types").EnumerateArray().Select(e => e.GetString() ?? "").ToList();
        var primaryKeys = new HashSet<int>();
        foreach (var key in entry.GetProperty("primary_keys").EnumerateArray())
        {
            // Newer tables.json files list a composite key as a nested array.
            if (key.ValueKind == JsonValueKind.Array)
                primaryKeys.UnionWith(key.EnumerateArray().Select(k => k.GetInt32()));
            else
                primaryKeys.Add(key.GetInt32());
        }

        var perTable = tableNames.Select(_ => new List<Column>()).ToList();
        var columnsByIndex = new Dictionary<int, Column>();
        var i = 0;
        foreach (var pair in entry.GetProperty("column_names_original").EnumerateArray())
        {
            var tableIndex = pair[0].GetInt32();
            var columnName = pair[1].GetString()!;
            if (tableIndex >= 0)
            {
                // A few Spider entries repeat a column name inside one table; the first one stands.
                if (!perTable[tableIndex].Any(c => string.Equals(c.Name, columnName, StringComparison.OrdinalIgnoreCase)))
                {
                    var column = new Column(columnName, i < columnTypes.Count ? columnTypes[i] : "", primaryKeys.Contains(i));
                    perTable[tableIndex].Add(column);
                    columnsByIndex[i] = column;
                }
            }
            i++;
        }
        var tables = tableNames.Select((name, t) => new Table(name, perTable[t])).ToList();
        var keys = new List<ForeignKey>();
        foreach (var pair in entry.GetProperty("foreign_keys").EnumerateArray())
        {
            if (columnsByIndex.TryGetValue(pair[0].GetInt32(), out var from) && columnsByIndex.TryGetValue(pair[1].GetInt32(), out var to))
                keys.Add(new ForeignKey(from, to));
        }
        return new DatabaseSchema(dbId, tables, keys);
    }
}
