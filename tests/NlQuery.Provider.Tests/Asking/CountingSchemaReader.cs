using System.Data.Common;
using NlQuery.Schema;

namespace NlQuery.Tests.Asking;

/// <summary>A schema reader that counts how often the engine reads a schema, then reads it the usual way.</summary>
internal sealed class CountingSchemaReader : ISchemaReader
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    /// <summary>For <see cref="NlQueryEngine.SchemaReaders"/>: this reader for every kind.</summary>
    public ISchemaReader For(DatabaseKind kind) => this;

    public DatabaseSchema Read(DbConnection connection, string? name = null)
    {
        Interlocked.Increment(ref _reads);
        return Inner(connection).Read(connection, name);
    }

    public ValueTask<DatabaseSchema> ReadAsync(DbConnection connection, string? name = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        return Inner(connection).ReadAsync(connection, name, cancellationToken);
    }

    private static ISchemaReader Inner(DbConnection connection) => DatabaseKindDetector.SchemaReaderFor(DatabaseKindDetector.Detect(connection));
}
