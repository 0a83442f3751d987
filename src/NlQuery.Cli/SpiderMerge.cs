using Microsoft.Data.Sqlite;
using NlQuery.Schema;

namespace NlQuery.Cli;

/// <summary>
/// Merges Spider databases into one SQLite file: every table renamed <c>db_id__table</c>, its columns, primary key,
/// foreign keys and rows kept. Built once into a cache folder outside the repository and reused.
/// </summary>
internal static class SpiderMerge
{
    /// <remarks>
    /// A database whose file is missing (Spider's release lacks wta_1) is created from <paramref name="catalog"/>'s
    /// tables.json schema, with no rows, so that its tables still compete with the others.
    /// </remarks>
    public static async Task<string> BuildAsync(string databaseDir, IReadOnlyList<string> dbIds, SpiderSchemaCatalog catalog,
        string cacheDir, string label, CancellationToken ct)
    {
        Directory.CreateDirectory(cacheDir);
        var path = Path.Combine(cacheDir, $"nlquery-spider-{label}-merged-{dbIds.Count}.sqlite");
        if (File.Exists(path) && File.Exists(path + ".done"))
            return path;
        File.Delete(path);
        File.Delete(path + ".done");

        await using (var target = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await target.OpenAsync(ct);
            await ExecuteAsync(target, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;", ct);
            foreach (var id in dbIds)
            {
                var file = Path.Combine(databaseDir, id, id + ".sqlite");
                if (!File.Exists(file))
                {
                    await using var create = await target.BeginTransactionAsync(ct);
                    var fromCatalog = catalog[id];
                    foreach (var table in fromCatalog.Tables)
                        await ExecuteAsync(target, CreateTableSql(id, table, fromCatalog), ct);
                    await create.CommitAsync(ct);
                    continue;
                }
                DatabaseSchema schema;
                await using (var source = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False"))
                {
                    await source.OpenAsync(ct);
                    schema = await SqliteSchemaReader.Instance.ReadAsync(source, id, ct);
                }
                await using var attach = target.CreateCommand();
                attach.CommandText = "ATTACH DATABASE $file AS src";
                attach.Parameters.AddWithValue("$file", file);
                await attach.ExecuteNonQueryAsync(ct);
                await using (var transaction = await target.BeginTransactionAsync(ct))
                {
                    foreach (var table in schema.Tables.Where(t => !t.IsView && !t.Name.Equals("sqlite_sequence", StringComparison.OrdinalIgnoreCase)))
                    {
                        await ExecuteAsync(target, CreateTableSql(id, table, schema), ct);
                        var columns = string.Join(", ", table.Columns.Select(c => Quote(c.Name)));
                        // OR IGNORE: a few Spider databases hold rows that break their own declared keys.
                        await ExecuteAsync(target, $"INSERT OR IGNORE INTO {Quote($"{id}__{table.Name}")} ({columns}) SELECT {columns} FROM src.{Quote(table.Name)}", ct);
                    }
                    await transaction.CommitAsync(ct);
                }
                await ExecuteAsync(target, "DETACH DATABASE src", ct);
            }
        }
        await File.WriteAllTextAsync(path + ".done", string.Join("\n", dbIds), ct);
        return path;
    }

    private static string CreateTableSql(string id, Table table, DatabaseSchema schema)
    {
        var parts = table.Columns.Select(c => $"{Quote(c.Name)} {c.DeclaredType}".TrimEnd()).ToList();
        var keys = table.Columns.Where(c => c.IsPrimaryKey).Select(c => Quote(c.Name)).ToList();
        if (keys.Count > 0)
            parts.Add($"PRIMARY KEY ({string.Join(", ", keys)})");
        foreach (var key in schema.ForeignKeys.Where(k => ReferenceEquals(k.Column.Table, table)))
            parts.Add($"FOREIGN KEY ({Quote(key.Column.Name)}) REFERENCES {Quote($"{id}__{key.ReferencedColumn.Table.Name}")} ({Quote(key.ReferencedColumn.Name)})");
        return $"CREATE TABLE {Quote($"{id}__{table.Name}")} ({string.Join(", ", parts)})";
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
