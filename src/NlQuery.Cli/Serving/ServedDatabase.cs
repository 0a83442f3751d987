using Microsoft.AspNetCore.Http;
using NlQuery.Cli.Connections;
using NlQuery.Schema;

namespace NlQuery.Cli.Serving;

/// <summary>
/// The database <c>nlq serve</c> answers about. A connection is not thread-safe, so each request opens its own
/// (SQLite read-only, server connections from the driver's pool); the engine's schema cache is keyed by the
/// database, not the connection, so the schema is still read once.
/// </summary>
internal sealed class ServedDatabase
{
    private readonly string _db;
    private readonly string? _provider;

    private ServedDatabase(string db, string? provider, string name, DatabaseKind kind)
    {
        _db = db;
        _provider = provider;
        Name = name;
        Kind = kind;
    }

    public string Name { get; }

    public DatabaseKind Kind { get; }

    /// <summary>Connects once to check <c>--db</c>, so that a wrong one stops the server at start, with the CLI's message.</summary>
    public static async Task<ServedDatabase> CheckAsync(string db, string? provider, CancellationToken cancellationToken)
    {
        await using var opened = await DatabaseConnector.OpenAsync(db, provider, cancellationToken).ConfigureAwait(false);
        return new ServedDatabase(db, provider, opened.Name, opened.Kind);
    }

    /// <summary>A connection for one request; a database that went away since the start is a 503 with the reason.</summary>
    public async Task<OpenedDatabase> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await DatabaseConnector.OpenAsync(_db, _provider, cancellationToken).ConfigureAwait(false);
        }
        catch (CliError e)
        {
            throw new ApiError(StatusCodes.Status503ServiceUnavailable, $"the database is unavailable: {e.Message}");
        }
    }
}
