using System.Data.Common;
using NlQuery.Schema;

namespace NlQuery.Cli.Connections;

/// <summary>An open connection the CLI made from <c>--db</c>, with the kind of database behind it.</summary>
internal sealed record OpenedDatabase(DbConnection Connection, DatabaseKind Kind, string Name) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
