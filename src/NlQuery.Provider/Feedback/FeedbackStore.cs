using NlQuery.Schema;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace NlQuery.Feedback;

/// <summary>
/// Where corrections and ratings go: by default a local SQLite file, or a table in the user's own database
/// (DDL per dialect in <c>sql/feedback/</c>). Safe under any number of concurrent writers: each write is queued and a
/// single writer commits queued records in batches, one transaction per batch, and a write's task completes only
/// once its record is committed, or fails with the reason; nothing is dropped silently. A table made before records had
/// a status (accepted or rejected, with the reason) gets the two columns the first time the store opens it.
/// </summary>
public sealed class FeedbackStore : IAsyncDisposable
{
    private const int MaxBatch = 512;
    /// <summary>The feedback table's name, in the local file and in a user's database alike.</summary>
    public const string TableName = "nlquery_feedback";

    private const string Table = TableName;

    private readonly Func<DbConnection> _connectionFactory;
    private readonly DatabaseKind _kind;
    private readonly bool _ownsFile;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new() { SingleReader = true });
    private readonly Task _writer;

    private FeedbackStore(Func<DbConnection> connectionFactory, DatabaseKind kind, bool ownsFile)
    {
        _connectionFactory = connectionFactory;
        _kind = kind;
        _ownsFile = ownsFile;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The default local store: a SQLite file, created with its folder when missing.</summary>
    public static FeedbackStore OpenFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // WAL lets readers (the trainer's export) run beside the writer; the busy timeout covers other processes.
        var connectionString = new SqliteConnectionStringBuilder { DataSource = full, DefaultTimeout = 30, Pooling = true }.ToString();
        return new FeedbackStore(() => new SqliteConnection(connectionString), DatabaseKind.Sqlite, ownsFile: true);
    }

    /// <summary>The default file: <c>$XDG_DATA_HOME/nlquery/feedback.db</c> or the platform's local application data.</summary>
    public static string DefaultPath => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "nlquery", "feedback.db");

    /// <summary>
    /// A store in the user's own database. <paramref name="connectionFactory"/> makes a new, closed connection each
    /// time it is called (the store opens and disposes it), so the caller's connection is never shared across threads.
    /// A SQLite database's journal mode is left as it is: the file is the user's.
    /// </summary>
    public static FeedbackStore InDatabase(Func<DbConnection> connectionFactory, DatabaseKind kind)
    {
        ArgumentNullException.ThrowIfNull(connectionFactory);
        return new FeedbackStore(connectionFactory, kind, ownsFile: false);
    }

    /// <summary>The DDL that creates the feedback table for a kind of database (the files in <c>sql/feedback/</c>).</summary>
    public static string CreateTableSql(DatabaseKind kind)
    {
        var name = kind switch
        {
            DatabaseKind.Sqlite => "sqlite",
            DatabaseKind.PostgreSql => "postgres",
            DatabaseKind.SqlServer => "sqlserver",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        using var stream = typeof(FeedbackStore).Assembly.GetManifestResourceStream($"NlQuery.sql.feedback.{name}.sql")
            ?? throw new InvalidOperationException($"The feedback DDL for {kind} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Queues a record and completes once it is committed.</summary>
    public Task AddAsync(FeedbackRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(record, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(FeedbackStore), "The feedback store is closed.");
        // Cancelling stops the wait, not the write: a queued record is still committed.
        return pending.Committed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Every record, oldest first: what the trainer exports.</summary>
    public async IAsyncEnumerable<FeedbackRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await EnsureTableAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT question, database_name, schema_hash, generated_sql, corrected_sql, rating, created_utc, status, reason " +
                              $"FROM {Table} ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new FeedbackRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : Convert.ToInt32(reader.GetValue(5)) != 0, ReadTime(reader.GetValue(6)))
            {
                Status = ParseStatus(reader.GetString(7)),
                Reason = reader.IsDBNull(8) ? null : reader.GetString(8),
            };
        }
    }

    /// <summary>Stops accepting records and waits until every queued one is committed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        var tableReady = false;
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
                batch.Add(pending);
            try
            {
                await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
                if (!tableReady)
                {
                    await EnsureTableAsync(connection, CancellationToken.None).ConfigureAwait(false);
                    tableReady = true;
                }
                await InsertAsync(connection, batch).ConfigureAwait(false);
                foreach (var done in batch)
                    done.Committed.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var failed in batch)
                    failed.Committed.TrySetException(new DbFeedbackException($"Feedback could not be saved: {e.Message}", e));
            }
            batch.Clear();
        }
    }

    private async Task InsertAsync(DbConnection connection, List<Pending> batch)
    {
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {Table} (created_utc, question, database_name, schema_hash, generated_sql, corrected_sql, rating, status, reason) " +
                              "VALUES (@created, @question, @database, @hash, @generated, @corrected, @rating, @status, @reason)";
        var parameters = new[] { "@created", "@question", "@database", "@hash", "@generated", "@corrected", "@rating", "@status", "@reason" }
            .Select(name =>
            {
                var p = command.CreateParameter();
                p.ParameterName = name;
                command.Parameters.Add(p);
                return p;
            }).ToArray();
        foreach (var (record, _) in batch)
        {
            // SQLite has no time type: ISO 8601 text sorts and parses; the servers take a UTC DateTime.
            parameters[0].Value = _kind == DatabaseKind.Sqlite ? record.CreatedUtc.ToString("O") : record.CreatedUtc.UtcDateTime;
            parameters[1].Value = record.Question;
            parameters[2].Value = record.DatabaseName;
            parameters[3].Value = record.SchemaHash;
            parameters[4].Value = (object?)record.GeneratedSql ?? DBNull.Value;
            parameters[5].Value = (object?)record.CorrectedSql ?? DBNull.Value;
            parameters[6].Value = record.Rating is { } rating ? (short)(rating ? 1 : 0) : DBNull.Value;
            parameters[7].Value = StatusText(record.Status);
            parameters[8].Value = (object?)record.Reason ?? DBNull.Value;
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Creates the table when missing. The server dialects' DDL also adds <c>status</c> and <c>reason</c> to an older
    /// table (ADD COLUMN IF NOT EXISTS, COL_LENGTH); SQLite has no such clause, so its columns are looked up first.
    /// </summary>
    private async Task EnsureTableAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using (var ddl = connection.CreateCommand())
        {
            ddl.CommandText = CreateTableSql(_kind);
            await ddl.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_kind != DatabaseKind.Sqlite)
            return;
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = $"SELECT name FROM pragma_table_info('{Table}')";
            await using var reader = await info.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                columns.Add(reader.GetString(0));
        }
        foreach (var (column, definition) in new[] { ("status", "TEXT NOT NULL DEFAULT 'accepted'"), ("reason", "TEXT") })
        {
            if (columns.Contains(column))
                continue;
            await using var alter = connection.CreateCommand();
            alter.CommandText = $"ALTER TABLE {Table} ADD COLUMN {column} {definition}";
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <paramref name="schema"/> without NlQuery's own feedback table (present when the store lives in the user's
    /// database): it is not something to ask questions about, nor to train on.
    /// </summary>
    public static DatabaseSchema WithoutFeedbackTable(DatabaseSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.FindTable(TableName) is not { } feedback)
            return schema;
        return new DatabaseSchema(schema.Name, schema.Tables.Where(t => t != feedback),
            schema.ForeignKeys.Where(k => k.Column.Table != feedback && k.ReferencedColumn.Table != feedback));
    }

    private static string StatusText(FeedbackStatus status) => status == FeedbackStatus.Rejected ? "rejected" : "accepted";

    private static FeedbackStatus ParseStatus(string text) => text switch
    {
        "accepted" => FeedbackStatus.Accepted,
        "rejected" => FeedbackStatus.Rejected,
        _ => throw new InvalidDataException($"Unknown feedback status '{text}' in {Table}."),
    };

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = _connectionFactory();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (_ownsFile)
            {
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static DateTimeOffset ReadTime(object value) => value switch
    {
        string text => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset offset => offset,
        _ => throw new InvalidDataException($"Unexpected created_utc value of type {value.GetType()}."),
    };

    private readonly record struct Pending(FeedbackRecord Record, TaskCompletionSource Committed);
}
