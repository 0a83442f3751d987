using System.Data.Common;

namespace NlQuery.Schema;

/// <summary>Reads a <see cref="DatabaseSchema"/> from a live connection's metadata.</summary>
public interface ISchemaReader
{
    /// <summary>Reads tables, columns, primary keys and foreign keys. The connection must be open.</summary>
    ValueTask<DatabaseSchema> ReadAsync(DbConnection connection, string? name = null, CancellationToken cancellationToken = default);

    /// <summary>The synchronous twin of <see cref="ReadAsync"/>; both run the same code.</summary>
    DatabaseSchema Read(DbConnection connection, string? name = null);
}
