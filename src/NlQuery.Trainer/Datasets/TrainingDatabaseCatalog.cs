using Microsoft.Data.Sqlite;
using NlQuery.Linking;
using NlQuery.Schema;

namespace NlQuery.Training.Datasets;

/// <summary>
/// Finds the databases examples refer to: a SQLite file under one of the given folders (<c>dir/id/id.sqlite</c>,
/// <c>dir/id.sqlite</c> or <c>dir/id.db</c>) gives the schema and a value index, read the way the runtime reads them;
/// otherwise a tables.json entry gives the schema alone (no values in the input). Each database is opened once.
/// </summary>
public sealed class TrainingDatabaseCatalog
{
    private readonly IReadOnlyList<string> _directories;
    private readonly IReadOnlyList<SpiderSchemaCatalog> _schemaFiles;
    private readonly ValueIndexOptions _valueOptions;
    private readonly Dictionary<string, TrainingDatabase?> _cache = new(StringComparer.Ordinal);

    public TrainingDatabaseCatalog(IEnumerable<string> databaseDirectories, IEnumerable<SpiderSchemaCatalog>? schemaFiles = null,
        ValueIndexOptions? valueOptions = null)
    {
        ArgumentNullException.ThrowIfNull(databaseDirectories);
        _directories = databaseDirectories.ToList();
        _schemaFiles = schemaFiles?.ToList() ?? [];
        _valueOptions = valueOptions ?? ValueIndexOptions.Default;
    }

    /// <summary>The database file for <paramref name="dbId"/>, or null when none of the folders has it.</summary>
    public string? FindFile(string dbId)
    {
        ArgumentNullException.ThrowIfNull(dbId);
        if (dbId.Length == 0 || dbId.IndexOfAny(['/', '\\']) >= 0 || dbId is "." or "..")
            return null;
        foreach (var directory in _directories)
        {
            foreach (var candidate in new[] { Path.Combine(directory, dbId, dbId + ".sqlite"), Path.Combine(directory, dbId + ".sqlite"),
                         Path.Combine(directory, dbId + ".db") })
            {
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }

    /// <summary>The database named <paramref name="dbId"/>, or null when neither a file nor a tables.json entry describes it.</summary>
    public async ValueTask<TrainingDatabase?> GetAsync(string dbId, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(dbId, out var cached))
            return cached;
        var database = await LoadAsync(dbId, cancellationToken).ConfigureAwait(false);
        _cache[dbId] = database;
        return database;
    }

    private async ValueTask<TrainingDatabase?> LoadAsync(string dbId, CancellationToken cancellationToken)
    {
        var file = FindFile(dbId);
        if (file is not null)
        {
            var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
            await using var connection = new SqliteConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                var schema = await SqliteSchemaReader.Instance.ReadAsync(connection, dbId, cancellationToken).ConfigureAwait(false);
                var values = await ValueIndex.BuildAsync(connection, schema, _valueOptions, cancellationToken).ConfigureAwait(false);
                return new TrainingDatabase(schema, values, file);
            }
            catch (SqliteException e)
            {
                throw new InvalidDataException($"Database '{dbId}' ({file}) cannot be read: {e.Message}", e);
            }
        }
        foreach (var schemaFile in _schemaFiles)
        {
            if (schemaFile.TryGet(dbId, out var schema))
                return new TrainingDatabase(schema, null, schemaFile.Path);
        }
        return null;
    }
}
