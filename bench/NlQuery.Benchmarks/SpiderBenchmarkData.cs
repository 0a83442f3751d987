using Microsoft.Data.Sqlite;
using NlQuery.Schema;

namespace NlQuery.Benchmarks;

/// <summary>
/// Spider's gold queries with the schemas of their real databases, for benchmarks that need realistic SQL. Spider is
/// not ours to commit: it is looked for in <c>../shared/data/spider</c> beside the repository, or under
/// <c>$NLQUERY_SHARED/data/spider</c>.
/// </summary>
public static class SpiderBenchmarkData
{
    public static string MissingMessage =>
        "Spider data not found: the parser benchmarks need dev_gold.sql and the database files of Spider in ../shared/data/spider "
        + "beside the repository (or $NLQUERY_SHARED/data/spider). Nothing was measured.";

    /// <summary>The Spider folder, or null when it is absent.</summary>
    public static string? Locate()
    {
        var shared = Environment.GetEnvironmentVariable("NLQUERY_SHARED");
        if (string.IsNullOrEmpty(shared))
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NlQuery.sln")))
                {
                    shared = Path.Combine(dir.FullName, "..", "shared");
                    break;
                }
            }
        }
        if (shared is null)
            return null;
        var spider = Path.GetFullPath(Path.Combine(shared, "data", "spider"));
        return File.Exists(Path.Combine(spider, "dev_gold.sql")) && Directory.Exists(Path.Combine(spider, "database")) ? spider : null;
    }

    public static string Require() => Locate() ?? throw new InvalidOperationException(MissingMessage);

    /// <summary>The dev gold queries whose database file exists, each with that database's schema (read once per db).</summary>
    public static List<(string Sql, DatabaseSchema Schema)> DevGold()
    {
        var spider = Require();
        var schemas = new Dictionary<string, DatabaseSchema?>(StringComparer.Ordinal);
        var queries = new List<(string, DatabaseSchema)>();
        foreach (var line in File.ReadLines(Path.Combine(spider, "dev_gold.sql")))
        {
            var tab = line.LastIndexOf('\t');
            if (tab < 0)
                continue;
            var dbId = line[(tab + 1)..].Trim();
            if (!schemas.TryGetValue(dbId, out var schema))
                schemas[dbId] = schema = ReadSchema(Path.Combine(spider, "database", dbId, dbId + ".sqlite"), dbId);
            if (schema is not null)
                queries.Add((line[..tab].Trim(), schema));
        }
        return queries;
    }

    private static DatabaseSchema? ReadSchema(string path, string name)
    {
        if (!File.Exists(path))
            return null;
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        return SqliteSchemaReader.Instance.Read(connection, name);
    }
}
