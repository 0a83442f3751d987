using System.Data;
using System.Data.Common;

namespace Microsoft.Data.SqlClient;

/// <summary>The fake SqlClient's transaction: counts commits and rollbacks on the fake server.</summary>
public sealed class SqlTransaction : DbTransaction
{
    private readonly SqlConnection _connection;

    internal SqlTransaction(SqlConnection connection, IsolationLevel isolationLevel)
    {
        _connection = connection;
        IsolationLevel = isolationLevel;
    }

    public override IsolationLevel IsolationLevel { get; }

    protected override DbConnection DbConnection => _connection;

    public override void Commit()
    {
        End();
        Interlocked.Increment(ref _connection.Server.Commits);
    }

    public override void Rollback()
    {
        End();
        Interlocked.Increment(ref _connection.Server.Rollbacks);
    }

    private void End()
    {
        if (_connection.Transaction != this)
            throw new InvalidOperationException("This SqlTransaction has completed; it is no longer usable.");
        _connection.Transaction = null;
    }
}
