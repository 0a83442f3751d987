using NlQuery.Schema;
using Npgsql;
using NlQuery.Feedback;

namespace NlQuery.Tests.Feedback;

public sealed class FeedbackStoreTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nlq-feedback-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    private static FeedbackRecord Record(int i) => new($"question {i}", "shop", "hash", "SELECT 1", $"SELECT {i}",
        i % 3 == 0 ? null : i % 2 == 0, DateTimeOffset.UtcNow);

    [Fact]
    public async Task TenThousandConcurrentWritesLoseNothing()
    {
        var path = Path.Combine(_dir, "sub", "feedback.db");
        await using (var store = FeedbackStore.OpenFile(path))
        {
            await Task.WhenAll(Enumerable.Range(0, 10_000).Select(i => Task.Run(() => store.AddAsync(Record(i)))));
        }
        await using var reader = FeedbackStore.OpenFile(path);
        var all = await reader.ReadAllAsync().ToListAsync();
        Assert.Equal(10_000, all.Count);
        Assert.Equal(10_000, all.Select(r => r.Question).Distinct().Count());
        var seven = all.Single(r => r.Question == "question 7");
        Assert.Equal("SELECT 7", seven.CorrectedSql);
        Assert.False(seven.Rating);
        Assert.Null(all.Single(r => r.Question == "question 9").Rating);
    }

    [Fact]
    public async Task TwoStoresOnOneFileAsTwoProcessesWouldLoseNothing()
    {
        var path = Path.Combine(_dir, "feedback.db");
        await using (var a = FeedbackStore.OpenFile(path))
        await using (var b = FeedbackStore.OpenFile(path))
        {
            await Task.WhenAll(Enumerable.Range(0, 4_000).Select(i => (i % 2 == 0 ? a : b).AddAsync(Record(i))));
        }
        await using var reader = FeedbackStore.OpenFile(path);
        Assert.Equal(4_000, (await reader.ReadAllAsync().ToListAsync()).Select(r => r.Question).Distinct().Count());
    }

    [Fact]
    public async Task DisposeCommitsWhatWasQueuedAndThenRefusesWrites()
    {
        var path = Path.Combine(_dir, "feedback.db");
        var store = FeedbackStore.OpenFile(path);
        var writes = Enumerable.Range(0, 100).Select(i => store.AddAsync(Record(i))).ToList();
        await store.DisposeAsync();
        Assert.All(writes, w => Assert.True(w.IsCompletedSuccessfully));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AddAsync(Record(1)));
    }

    [Fact]
    public async Task AFailedWriteReportsItsReason()
    {
        // A folder where the database file should be: SQLite cannot open it.
        var path = Path.Combine(_dir, "feedback.db");
        Directory.CreateDirectory(path);
        await using var store = FeedbackStore.OpenFile(path);
        var error = await Assert.ThrowsAsync<DbFeedbackException>(() => store.AddAsync(Record(1)));
        Assert.Contains("could not be saved", error.Message);
    }

    [Fact]
    public void FeedbackNeedsACorrectionOrARating()
    {
        Assert.Throws<ArgumentException>(() => new FeedbackRecord("q", "db", "h", "SELECT 1", null, null, DateTimeOffset.UtcNow));
        Assert.Throws<ArgumentException>(() => new FeedbackRecord("q", "db", "h", "SELECT 1", "  ", null, DateTimeOffset.UtcNow));
        Assert.ThrowsAny<ArgumentException>(() => new FeedbackRecord(" ", "db", "h", null, "SELECT 1", null, DateTimeOffset.UtcNow));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite, "INTEGER PRIMARY KEY AUTOINCREMENT")]
    [InlineData(DatabaseKind.PostgreSql, "GENERATED ALWAYS AS IDENTITY")]
    [InlineData(DatabaseKind.SqlServer, "IDENTITY(1, 1)")]
    public void DdlComesFromTheSqlFolder(DatabaseKind kind, string expected)
    {
        var ddl = FeedbackStore.CreateTableSql(kind);
        Assert.Contains(expected, ddl);
        var file = Path.Combine(SharedData.RepositoryRoot, "sql", "feedback",
            kind switch { DatabaseKind.Sqlite => "sqlite.sql", DatabaseKind.PostgreSql => "postgres.sql", _ => "sqlserver.sql" });
        Assert.Equal(File.ReadAllText(file), ddl);
    }

    [PostgresFact]
    public async Task TenThousandConcurrentWritesIntoAPostgreSqlTableLoseNothing()
    {
        var connectionString = postgres.Server.ConnectionString().Replace("Pooling=false", "Pooling=true");
        await using (var store = FeedbackStore.InDatabase(() => new NpgsqlConnection(connectionString), DatabaseKind.PostgreSql))
        {
            await Task.WhenAll(Enumerable.Range(0, 10_000).Select(i => Task.Run(() => store.AddAsync(Record(i)))));
        }
        await using var reader = FeedbackStore.InDatabase(() => new NpgsqlConnection(connectionString), DatabaseKind.PostgreSql);
        var all = await reader.ReadAllAsync().ToListAsync();
        Assert.Equal(10_000, all.Select(r => r.Question).Distinct().Count());
        Assert.Equal(TimeSpan.Zero, all[0].CreatedUtc.Offset);
    }

    [Fact]
    public async Task ARejectedCorrectionKeepsItsStatusAndReason()
    {
        var path = Path.Combine(_dir, "feedback.db");
        await using (var store = FeedbackStore.OpenFile(path))
        {
            await store.AddAsync(Record(1));
            await store.AddAsync(Record(2).Rejected("unknown column 'x'"));
        }
        await using var reader = FeedbackStore.OpenFile(path);
        var all = await reader.ReadAllAsync().ToListAsync();
        Assert.Equal((FeedbackStatus.Accepted, (string?)null), (all[0].Status, all[0].Reason));
        Assert.Equal((FeedbackStatus.Rejected, "unknown column 'x'"), (all[1].Status, all[1].Reason));
        Assert.Throws<ArgumentException>(() => Record(3).Rejected(" "));
    }

    [Fact]
    public async Task AStoreMadeBeforeStatusesIsMigratedAndItsRecordsAreAccepted()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "old.db");
        await using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            // The table as sql/feedback/sqlite.sql made it before corrections had a status.
            command.CommandText = "CREATE TABLE nlquery_feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_utc TEXT NOT NULL, question TEXT NOT NULL, " +
                                  "database_name TEXT NOT NULL, schema_hash TEXT NOT NULL, generated_sql TEXT, corrected_sql TEXT, rating INTEGER);" +
                                  "INSERT INTO nlquery_feedback (created_utc, question, database_name, schema_hash, corrected_sql) " +
                                  "VALUES ('2026-01-02T03:04:05.0000000+00:00', 'old question', 'shop', 'h', 'SELECT 1');";
            await command.ExecuteNonQueryAsync();
        }
        await using (var store = FeedbackStore.OpenFile(path))
        {
            var before = await store.ReadAllAsync().ToListAsync();
            Assert.Equal(("old question", FeedbackStatus.Accepted), (Assert.Single(before).Question, before[0].Status));
            await store.AddAsync(Record(4).Rejected("refused"));
        }
        await using var reader = FeedbackStore.OpenFile(path);
        var all = await reader.ReadAllAsync().ToListAsync();
        Assert.Equal([FeedbackStatus.Accepted, FeedbackStatus.Rejected], all.Select(r => r.Status));
    }

    [PostgresFact]
    public async Task APostgreSqlTableMadeBeforeStatusesIsMigrated()
    {
        var connectionString = postgres.Server.ConnectionString();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE IF EXISTS nlquery_feedback; CREATE TABLE nlquery_feedback (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, " +
                                  "created_utc timestamptz NOT NULL, question text NOT NULL, database_name text NOT NULL, schema_hash text NOT NULL, " +
                                  "generated_sql text, corrected_sql text, rating smallint);" +
                                  "INSERT INTO nlquery_feedback (created_utc, question, database_name, schema_hash, corrected_sql) VALUES (now(), 'old', 'shop', 'h', 'SELECT 1');";
            await command.ExecuteNonQueryAsync();
        }
        await using (var store = FeedbackStore.InDatabase(() => new NpgsqlConnection(connectionString), DatabaseKind.PostgreSql))
            await store.AddAsync(Record(5).Rejected("refused"));
        List<FeedbackRecord> all;
        await using (var reader = FeedbackStore.InDatabase(() => new NpgsqlConnection(connectionString), DatabaseKind.PostgreSql))
            all = await reader.ReadAllAsync().ToListAsync();
        // The server is shared by this class's tests: leave no rows behind for them to count.
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE nlquery_feedback";
            await drop.ExecuteNonQueryAsync();
        }
        Assert.Equal([FeedbackStatus.Accepted, FeedbackStatus.Rejected], all.Select(r => r.Status));
        Assert.Equal("refused", all[1].Reason);
    }
}
