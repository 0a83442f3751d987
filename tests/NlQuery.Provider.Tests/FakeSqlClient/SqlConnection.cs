using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using NlQuery.Tests;

namespace Microsoft.Data.SqlClient;

/// <summary>
/// A fake SqlClient connection for tests, a plain <see cref="DbConnection"/>: NlQuery tells SQL Server by the
/// connection's type name, so this one carries SqlClient's, and its statements go to a <see cref="FakeSqlServer"/>.
/// Not SqlClient: only what NlQuery uses is here. It can live only in a project that does not reference the real
/// Microsoft.Data.SqlClient (this one: the provider's tests; the CLI's tests use the real client).
/// </summary>
public sealed class SqlConnection : DbConnection
{
    private ConnectionState _state = ConnectionState.Closed;

    public SqlConnection(FakeSqlServer server) => Server = server;

    public FakeSqlServer Server { get; }

    [AllowNull]
    public override string ConnectionString { get; set; } = "";

    public override string Database => Setting("Database") ?? Setting("Initial Catalog") ?? Server.DatabaseName;

    public override string DataSource => Setting("Server") ?? Setting("Data Source") ?? "fake";

    public override string ServerVersion => "16.00.0000 (fake)";

    public override ConnectionState State => _state;

    internal SqlTransaction? Transaction { get; set; }

    public override void ChangeDatabase(string databaseName) => throw new NotSupportedException("The fake SQL Server has one database.");

    public override void Open()
    {
        _state = ConnectionState.Open;
    }

    public override void Close()
    {
        Transaction?.Rollback();
        _state = ConnectionState.Closed;
    }

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
    {
        if (_state != ConnectionState.Open)
            throw new InvalidOperationException("BeginTransaction requires an open connection.");
        if (Transaction is not null)
            throw new InvalidOperationException("SqlConnection does not support parallel transactions.");
        return Transaction = new SqlTransaction(this, isolationLevel);
    }

    protected override DbCommand CreateDbCommand() => new SqlCommand { Connection = this };

    private string? Setting(string key)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = ConnectionString };
        return builder.TryGetValue(key, out var value) ? value?.ToString() : null;
    }
}
