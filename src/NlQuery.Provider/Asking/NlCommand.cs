using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace NlQuery;

/// <summary>
/// A command whose <see cref="CommandText"/> is a question. Executing it translates the question, then runs the SQL
/// read-only on the wrapped connection; <see cref="Prepare"/> only translates, and exposes the SQL in
/// <see cref="GeneratedSql"/>. Questions never change data, so <see cref="ExecuteNonQuery"/> is not supported.
/// </summary>
public sealed class NlCommand : DbCommand
{
    private string _question = "";
    private CancellationTokenSource? _execution;

    [AllowNull]
    public override string CommandText
    {
        get => _question;
        set
        {
            _question = value ?? "";
            GeneratedSql = null;
        }
    }

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
                throw new NotSupportedException("An NlCommand's text is always a question (CommandType.Text).");
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    public new NlConnection? Connection { get; set; }

    /// <summary>Extra options (row cap, dialect, candidates); the connection supplies the engine and conversation.</summary>
    public AskOptions? Options { get; set; }

    /// <summary>The SQL the question was translated into, after <see cref="Prepare"/> or an execution.</summary>
    public string? GeneratedSql { get; private set; }

    /// <summary>The last execution's full answer: alternatives, scores, timings.</summary>
    public Answer? LastAnswer { get; private set; }

    protected override DbConnection? DbConnection
    {
        get => Connection;
        set => Connection = value switch
        {
            null => null,
            NlConnection nl => nl,
            _ => throw new ArgumentException("An NlCommand needs an NlConnection; wrap the connection with new NlConnection(connection).", nameof(value)),
        };
    }

    /// <summary>Always empty: adding a parameter fails, since a question carries its values in its text.</summary>
    protected override DbParameterCollection DbParameterCollection { get; } = new NoParameterCollection();

    protected override DbTransaction? DbTransaction { get; set; }

    /// <summary>
    /// Stops the execution in progress on another thread (translation, or the query on the database): it ends with an
    /// <see cref="OperationCanceledException"/>. Does nothing when the command is not executing.
    /// </summary>
    public override void Cancel()
    {
        try
        {
            Volatile.Read(ref _execution)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The execution finished between the read and the call: there is nothing left to cancel.
        }
    }

    public override int ExecuteNonQuery() =>
        throw new NotSupportedException("A question never changes data: use ExecuteReader or ExecuteScalar.");

    public override object? ExecuteScalar() => Scalar(AskCoreAsync(async: false, CancellationToken.None).GetAwaiter().GetResult());

    public override async Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) =>
        Scalar(await AskCoreAsync(async: true, cancellationToken).ConfigureAwait(false));

    public override void Prepare() => PrepareCoreAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();

    public override Task PrepareAsync(CancellationToken cancellationToken = default) => PrepareCoreAsync(async: true, cancellationToken);

    /// <summary>Translates the question, runs the SQL read-only, and returns its rows with the answer behind them.</summary>
    public new NlDataReader ExecuteReader() => ExecuteReader(CommandBehavior.Default);

    /// <summary>
    /// As <see cref="ExecuteReader()"/>; <see cref="CommandBehavior.CloseConnection"/> closes the connection with the
    /// reader. Other behaviors change nothing: the rows are read (up to the row cap) before the reader is returned.
    /// </summary>
    public new NlDataReader ExecuteReader(CommandBehavior behavior) =>
        ReaderFor(AskCoreAsync(async: false, CancellationToken.None).GetAwaiter().GetResult(), behavior);

    public new Task<NlDataReader> ExecuteReaderAsync() => ExecuteReaderAsync(CommandBehavior.Default, CancellationToken.None);

    public new Task<NlDataReader> ExecuteReaderAsync(CancellationToken cancellationToken) => ExecuteReaderAsync(CommandBehavior.Default, cancellationToken);

    public new Task<NlDataReader> ExecuteReaderAsync(CommandBehavior behavior) => ExecuteReaderAsync(behavior, CancellationToken.None);

    public new async Task<NlDataReader> ExecuteReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        ReaderFor(await AskCoreAsync(async: true, cancellationToken).ConfigureAwait(false), behavior);

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => ExecuteReader(behavior);

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);

    protected override DbParameter CreateDbParameter() => throw new NotSupportedException(NoParameterCollection.Reason);

    private async Task<Answer> AskCoreAsync(bool async, CancellationToken cancellationToken)
    {
        var connection = RequireConnection();
        var options = connection.OptionsFor(Options, CommandTimeout);
        var engine = options.Engine ?? NlQueryEngine.Default;
        using var execution = new Execution(this, cancellationToken);
        var answer = await engine.AskCoreAsync(connection.InnerConnection, _question, options, async, execution.Token).ConfigureAwait(false);
        GeneratedSql = answer.Sql;
        LastAnswer = answer;
        return answer;
    }

    private async Task PrepareCoreAsync(bool async, CancellationToken cancellationToken)
    {
        var connection = RequireConnection();
        var options = connection.OptionsFor(Options, CommandTimeout);
        var engine = options.Engine ?? NlQueryEngine.Default;
        using var execution = new Execution(this, cancellationToken);
        GeneratedSql = await engine.TranslateCoreAsync(connection.InnerConnection, _question, options, async, execution.Token).ConfigureAwait(false);
    }

    // One source per execution, linked to the caller's token, so that Cancel() from another thread reaches the sync
    // methods too (they take no token) and a cancel meant for one execution never leaks into the next.
    private sealed class Execution : IDisposable
    {
        private readonly NlCommand _command;
        private readonly CancellationTokenSource _source;

        public Execution(NlCommand command, CancellationToken cancellationToken)
        {
            _command = command;
            _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            command.Publish(_source);
        }

        public CancellationToken Token => _source.Token;

        public void Dispose()
        {
            _command.Retire(_source);
            _source.Dispose();
        }
    }

    private void Publish(CancellationTokenSource source) => Volatile.Write(ref _execution, source);

    private void Retire(CancellationTokenSource source) => Interlocked.CompareExchange(ref _execution, null, source);

    private NlConnection RequireConnection() =>
        Connection ?? throw new InvalidOperationException("The command has no connection: set Connection or use NlConnection.CreateCommand().");

    private NlDataReader ReaderFor(Answer answer, CommandBehavior behavior) =>
        new(answer, behavior.HasFlag(CommandBehavior.CloseConnection) ? Connection : null);

    private static object? Scalar(Answer answer) =>
        answer.Rows.Rows.Count == 0 || answer.Rows.Columns.Count == 0 ? null : answer.Rows.Rows[0][0];
}
