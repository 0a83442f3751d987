using System.Data.Common;
using NlQuery.Schema;

namespace NlQuery.Cli.Connections;

/// <summary>
/// An open connection the CLI made from <c>--db</c>, with the kind of database behind it. <see cref="CreateWritable"/>
/// makes a new, closed connection to the same database that may write (the feedback table): the open one is
/// read-only where the driver allows it (SQLite files).
/// </summary>
internal sealed record OpenedDatabase(DbConnection Connection, DatabaseKind Kind, string Name, Func<DbConnection> CreateWritable) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
