using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace NlQuery.Execution;

/// <summary>
/// SQLite's command timeout only bounds waiting for a lock, not a running query: this interrupts the connection's
/// statement (<c>sqlite3_interrupt</c>) when the timeout passes or the caller cancels. Dispose it while the statement
/// is still open, so that a late interrupt cannot reach the connection's next statement.
/// </summary>
internal sealed class SqliteInterrupt : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenRegistration _registration;

    private SqliteInterrupt(SqliteConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Timeout = timeout;
        _timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _timeout.CancelAfter(timeout);
        _registration = _timeout.Token.Register(() => SQLitePCL.raw.sqlite3_interrupt(connection.Handle));
    }

    public TimeSpan Timeout { get; }

    /// <summary>Whether the timeout (not the caller) stopped the statement.</summary>
    public bool TimedOut(CancellationToken cancellationToken) => _timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested;

    /// <summary>An interrupt for a Microsoft.Data.Sqlite connection; null for any other (their own timeouts apply).</summary>
    public static SqliteInterrupt? Start(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken) =>
        connection is SqliteConnection { Handle: not null } sqlite ? new SqliteInterrupt(sqlite, timeout, cancellationToken) : null;

    public void Dispose()
    {
        // Waits for a running callback, so no interrupt can fire after this returns.
        _registration.Dispose();
        _timeout.Dispose();
    }
}
