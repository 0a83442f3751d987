using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace NlQuery;

/// <summary>
/// A connection whose commands are questions: wraps any supported connection (state, opening, transactions pass
/// through) and makes <see cref="NlCommand"/>s that translate their text before running it read-only.
/// </summary>
public sealed class NlConnection : DbConnection
{
    public NlConnection(DbConnection innerConnection, NlQueryEngine? engine = null)
    {
        ArgumentNullException.ThrowIfNull(innerConnection);
        InnerConnection = innerConnection;
        Engine = engine;
    }

    public DbConnection InnerConnection { get; }

    /// <summary>The engine to ask; null uses <see cref="NlQueryEngine.Default"/>.</summary>
    public NlQueryEngine? Engine { get; }

    /// <summary>The conversation this connection's commands share: each question is asked in the context of the previous ones.</summary>
    public Conversation Conversation { get; } = new();

    [AllowNull]
    public override string ConnectionString
    {
        get => InnerConnection.ConnectionString;
        set => InnerConnection.ConnectionString = value;
    }

    public override string Database => InnerConnection.Database;

    public override string DataSource => InnerConnection.DataSource;

    public override string ServerVersion => InnerConnection.ServerVersion;

    public override ConnectionState State => InnerConnection.State;

    public override void ChangeDatabase(string databaseName) => InnerConnection.ChangeDatabase(databaseName);

    public override void Open() => InnerConnection.Open();

    public override Task OpenAsync(CancellationToken cancellationToken) => InnerConnection.OpenAsync(cancellationToken);

    public override void Close() => InnerConnection.Close();

    public override Task CloseAsync() => InnerConnection.CloseAsync();

    public new NlCommand CreateCommand() => new() { Connection = this };

    protected override DbCommand CreateDbCommand() => CreateCommand();

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => InnerConnection.BeginTransaction(isolationLevel);

    internal AskOptions OptionsFor(AskOptions? options, int timeoutSeconds) => (options ?? AskOptions.Default) with
    {
        Engine = options?.Engine ?? Engine,
        Conversation = options?.Conversation ?? Conversation,
        Execution = (options ?? AskOptions.Default).Execution with { CommandTimeout = TimeSpan.FromSeconds(Math.Max(1, timeoutSeconds)) },
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            InnerConnection.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => InnerConnection.DisposeAsync();
}
