using System.Data.Common;
using NlQuery.Linking;
using NlQuery.Schema;
using NlQuery.Sql;

namespace NlQuery;

/// <summary>
/// What the engine knows about one database in one dialect: its schema, the parser every candidate is checked with,
/// and (built on first need) its value index. Cached per connection target until the schema changes; holds no
/// connection, so any connection to the same database can use it.
/// </summary>
internal sealed class DescribedDatabase(DatabaseKind kind, SqlDialect dialect, DatabaseSchema schema, string name, string? version, long describedAt)
{
    private readonly SemaphoreSlim _valuesGate = new(1, 1);
    private ValueIndex? _values;

    public DatabaseKind Kind { get; } = kind;

    public SqlDialect Dialect { get; } = dialect;

    public DatabaseSchema Schema { get; } = schema;

    public string SchemaHash { get; } = schema.ComputeHash();

    public string Name { get; } = name;

    /// <summary>The <see cref="SchemaVersionProbe"/> value when the schema was read; null when the database gave none.</summary>
    public string? Version { get; } = version;

    /// <summary>When the schema was read (<see cref="Environment.TickCount64"/>).</summary>
    public long DescribedAt { get; } = describedAt;

    /// <summary>The parser every candidate and typed statement is checked with: Guards mode over this schema.</summary>
    public SqlParser Parser { get; } = new(dialect, ParseMode.Guards, schema);

    /// <summary>The value index, built once with the first caller's connection; a failed build is retried by the next caller.</summary>
    public async ValueTask<ValueIndex> GetValuesAsync(DbConnection connection, bool async, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _values) is { } built)
            return built;
        if (async)
            await _valuesGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        else
            _valuesGate.Wait(cancellationToken);
        try
        {
            if (_values is null)
            {
                var values = async
                    ? await ValueIndex.BuildAsync(connection, Schema, cancellationToken: cancellationToken).ConfigureAwait(false)
                    : ValueIndex.Build(connection, Schema);
                Volatile.Write(ref _values, values);
            }
            return _values!;
        }
        finally
        {
            _valuesGate.Release();
        }
    }
}
