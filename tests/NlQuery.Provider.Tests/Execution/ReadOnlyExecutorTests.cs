using NlQuery.Schema;
using Microsoft.Data.Sqlite;
using Npgsql;
using NlQuery.Execution;

namespace NlQuery.Tests.Execution;

public sealed class ReadOnlyExecutorTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static SqliteConnection OpenSqlite()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES ('a'), ('b'), (NULL);";
        command.ExecuteNonQuery();
        return connection;
    }

    private static long Count(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM t";
        return Convert.ToInt64(command.ExecuteScalar());
    }

    [Fact]
    public async Task ReadsRowsNullsAndCapsThem()
    {
        using var connection = OpenSqlite();
        var all = await ReadOnlyExecutor.ExecuteAsync(connection, DatabaseKind.Sqlite, "SELECT id, name AS who FROM t ORDER BY id");
        Assert.Equal(["id", "who"], all.Columns);
        Assert.Equal(3, all.Rows.Count);
        Assert.Null(all.Rows[2][1]);
        Assert.False(all.IsTruncated);

        var capped = ReadOnlyExecutor.Execute(connection, DatabaseKind.Sqlite, "SELECT id FROM t", new ExecutionOptions { MaxRows = 2 });
        Assert.Equal(2, capped.Rows.Count);
        Assert.True(capped.IsTruncated);
    }

    [Theory]
    [InlineData("DELETE FROM t")]
    [InlineData("UPDATE t SET name = 'x'")]
    [InlineData("DROP TABLE t")]
    [InlineData("INSERT INTO t (name) VALUES ('c')")]
    public void SqliteRefusesWritesAndRestoresItsSetting(string sql)
    {
        using var connection = OpenSqlite();
        Assert.Throws<SqliteException>(() => ReadOnlyExecutor.Execute(connection, DatabaseKind.Sqlite, sql));
        Assert.Equal(3, Count(connection));
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA query_only";
        Assert.Equal(0L, command.ExecuteScalar());
    }

    [Fact]
    public void ClosedConnectionAndBlankSqlAreClearErrors()
    {
        using var closed = new SqliteConnection("Data Source=:memory:");
        Assert.Contains("must be open", Assert.Throws<InvalidOperationException>(() => ReadOnlyExecutor.Execute(closed, DatabaseKind.Sqlite, "SELECT 1")).Message);
        using var open = OpenSqlite();
        Assert.ThrowsAny<ArgumentException>(() => ReadOnlyExecutor.Execute(open, DatabaseKind.Sqlite, " "));
    }

    [Fact]
    public async Task SqliteStopsARunawayQueryAtTheTimeoutAndTheConnectionStaysUsable()
    {
        using var connection = OpenSqlite();
        const string endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
        var limits = new ExecutionOptions { CommandTimeout = TimeSpan.FromMilliseconds(300) };

        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SqliteException>(async () => await ReadOnlyExecutor.ExecuteAsync(connection, DatabaseKind.Sqlite, endless, limits));
        Assert.Contains("command timeout of 0.3 s", error.Message);
        Assert.Contains("command timeout", Assert.Throws<SqliteException>(() => ReadOnlyExecutor.Execute(connection, DatabaseKind.Sqlite, endless, limits)).Message);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"took {started.Elapsed}"); // without the interrupt it never ends

        // No interrupt is left behind for the next statement, however soon it comes.
        for (var i = 0; i < 50; i++)
            Assert.Equal(3, (await ReadOnlyExecutor.ExecuteAsync(connection, DatabaseKind.Sqlite, "SELECT id FROM t", limits)).Rows.Count);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await ReadOnlyExecutor.ExecuteAsync(connection, DatabaseKind.Sqlite, endless, new ExecutionOptions(), cancel.Token));
        Assert.Equal(3, Count(connection));
    }

    [PostgresFact]
    public async Task PostgreSqlRunsInAReadOnlyTransactionWithATimeout()
    {
        await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString());
        await connection.OpenAsync();
        await using (var setup = new NpgsqlCommand("DROP TABLE IF EXISTS t; CREATE TABLE t (id int, name text); INSERT INTO t VALUES (1, 'a'), (2, NULL);", connection))
            await setup.ExecuteNonQueryAsync();

        var rows = await ReadOnlyExecutor.ExecuteAsync(connection, DatabaseKind.PostgreSql, "SELECT name FROM t ORDER BY id");
        Assert.Equal(["a", null], rows.Rows.Select(r => r[0]));

        var write = await Assert.ThrowsAsync<PostgresException>(async () =>
            await ReadOnlyExecutor.ExecuteAsync(connection, DatabaseKind.PostgreSql, "WITH gone AS (DELETE FROM t RETURNING id) SELECT count(*) FROM gone"));
        Assert.Contains("read-only transaction", write.Message);
        Assert.Equal(2, Count(connection));

        var slow = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await ReadOnlyExecutor.ExecuteAsync(connection, DatabaseKind.PostgreSql, "SELECT pg_sleep(10)", new ExecutionOptions { CommandTimeout = TimeSpan.FromSeconds(1) }));
        Assert.True(slow is NpgsqlException or TimeoutException, slow.ToString());
    }
}
