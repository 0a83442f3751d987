using System.Diagnostics;
using Microsoft.Data.Sqlite;
using NlQuery.Execution;
using NlQuery.Schema;

namespace NlQuery.Training.Evaluation;

/// <summary>
/// Runs queries read-only against Spider's SQLite files (<c>&lt;dir&gt;/&lt;db_id&gt;/&lt;db_id&gt;.sqlite</c>) through
/// <see cref="ReadOnlyExecutor"/>, one cached connection per database, with the time limit as the command timeout:
/// the executor interrupts a SQLite query that runs past it (sqlite3_interrupt), so one slow prediction (a cross join,
/// say) costs at most that limit, and the outcome carries the executor's own timeout message. No second timer here:
/// two timers firing at the same moment made the wording depend on which of them won.
/// </summary>
public sealed class SqliteDatabaseRunner : IDisposable
{
    private readonly string _databaseDirectory;
    private readonly Dictionary<string, SqliteConnection> _connections = new(StringComparer.Ordinal);
    private readonly ExecutionOptions _options;
    private const int SqliteDbConfigDqsDml = 1013;

    public SqliteDatabaseRunner(string databaseDirectory, TimeSpan timeout, int maxRows = 100_000)
    {
        if (!Directory.Exists(databaseDirectory))
            throw new DirectoryNotFoundException($"Database folder not found: {databaseDirectory}");
        if (timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The query timeout must be positive.");
        _databaseDirectory = databaseDirectory;
        Timeout = timeout;
        _options = new ExecutionOptions { CommandTimeout = timeout, MaxRows = maxRows };
    }

    public TimeSpan Timeout { get; }

    /// <summary>Runs <paramref name="sql"/>; a failure (error, timeout) is returned, not thrown.</summary>
    public QueryOutcome Run(string dbId, string sql)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var table = ReadOnlyExecutor.Execute(Connection(dbId), DatabaseKind.Sqlite, sql, _options);
            return new QueryOutcome(table, null, watch.Elapsed);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or ArgumentException)
        {
            return new QueryOutcome(null, e.Message, watch.Elapsed);
        }
    }

    private SqliteConnection Connection(string dbId)
    {
        if (_connections.TryGetValue(dbId, out var open))
            return open;
        var path = Path.Combine(_databaseDirectory, dbId, dbId + ".sqlite");
        if (!File.Exists(path))
            throw new InvalidOperationException($"Database file not found: {path}");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        // Spider's gold SQL writes strings in double quotes; the official evaluation runs on a SQLite that accepts
        // them (DQS), while the bundled e_sqlite3 is built without. Turn it on for this connection only.
        SQLitePCL.raw.sqlite3_db_config(connection.Handle, SqliteDbConfigDqsDml, 1, out _);
        _connections[dbId] = connection;
        return connection;
    }

    public void Dispose()
    {
        foreach (var connection in _connections.Values)
            connection.Dispose();
        _connections.Clear();
    }
}
