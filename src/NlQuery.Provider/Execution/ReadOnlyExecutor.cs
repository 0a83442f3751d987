using NlQuery.Schema;
using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace NlQuery.Execution;

/// <summary>
/// Runs a query so that it cannot change the database, whatever it says: the parser only lets SELECTs through, and
/// the database enforces it too — SQLite with <c>PRAGMA query_only</c>, PostgreSQL with a READ ONLY transaction, and
/// SQL Server (which has no read-only transaction) inside a transaction that is always rolled back.
/// </summary>
public static class ReadOnlyExecutor
{
    private const int SqliteInterruptCode = 9; // SQLITE_INTERRUPT

    public static ResultTable Execute(DbConnection connection, DatabaseKind kind, string sql, ExecutionOptions? options = null) =>
        ExecuteCoreAsync(connection, kind, sql, options ?? ExecutionOptions.Default, async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public static ValueTask<ResultTable> ExecuteAsync(DbConnection connection, DatabaseKind kind, string sql,
        ExecutionOptions? options = null, CancellationToken cancellationToken = default) =>
        ExecuteCoreAsync(connection, kind, sql, options ?? ExecutionOptions.Default, async: true, cancellationToken);

    private static async ValueTask<ResultTable> ExecuteCoreAsync(DbConnection connection, DatabaseKind kind, string sql,
        ExecutionOptions options, bool async, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        if (options.MaxRows < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "MaxRows cannot be negative.");
        if (connection.State != ConnectionState.Open)
            throw new InvalidOperationException("The connection must be open to run a query.");

        if (kind == DatabaseKind.Sqlite)
        {
            var wasQueryOnly = Convert.ToInt64(await ScalarAsync(connection, null, "PRAGMA query_only", async, cancellationToken).ConfigureAwait(false)) != 0;
            await ScalarAsync(connection, null, "PRAGMA query_only = 1", async, cancellationToken).ConfigureAwait(false);
            try
            {
                return await ReadAsync(connection, null, sql, options, async, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (!wasQueryOnly)
                    await ScalarAsync(connection, null, "PRAGMA query_only = 0", async, CancellationToken.None).ConfigureAwait(false);
            }
        }

        await using var transaction = async
            ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
            : connection.BeginTransaction();
        try
        {
            if (kind == DatabaseKind.PostgreSql)
                await ScalarAsync(connection, transaction, "SET TRANSACTION READ ONLY", async, cancellationToken).ConfigureAwait(false);
            return await ReadAsync(connection, transaction, sql, options, async, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Never commit: nothing a query did may persist.
            if (async)
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            else
                transaction.Rollback();
        }
    }

    private static async ValueTask<ResultTable> ReadAsync(DbConnection connection, DbTransaction? transaction, string sql,
        ExecutionOptions options, bool async, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds));
        var interrupt = SqliteInterrupt.Start(connection, options.CommandTimeout, cancellationToken);
        DbDataReader? reader = null;
        try
        {
            reader = async
                ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false)
                : command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var rows = new List<object?[]>();
            var truncated = false;
            while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
            {
                if (rows.Count == options.MaxRows)
                {
                    truncated = true;
                    break;
                }
                var row = new object?[columns.Length];
                for (var i = 0; i < row.Length; i++)
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(row);
            }
            return new ResultTable(columns, rows, truncated);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteInterruptCode && interrupt is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (interrupt.TimedOut(cancellationToken))
                throw new SqliteException(TimeoutMessage(interrupt.Timeout), SqliteInterruptCode);
            throw;
        }
        finally
        {
            // The interrupt goes first, while the statement is still open (see SqliteInterrupt).
            interrupt?.Dispose();
            if (reader is not null)
                await reader.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// How a query stopped at its command timeout is reported: the one wording for this event, which the evaluator's
    /// runner (NlQuery.Trainer) passes on as it is.
    /// </summary>
    internal static string TimeoutMessage(TimeSpan timeout) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The query timed out: it was stopped after the command timeout of {timeout.TotalSeconds:0.###} s.");

    private static async ValueTask<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, bool async, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return async ? await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteScalar();
    }
}
