using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using NlQuery.Cli.Connections.Internal;
using NlQuery.Schema;

namespace NlQuery.Cli.Connections;

/// <summary>
/// Turns <c>--db</c> (a SQLite file or a connection string) and <c>--provider</c> into an open connection, with a
/// clear message for each way that can fail. SQLite files are opened read-only and never created.
/// </summary>
internal static class DatabaseConnector
{
    public static async Task<OpenedDatabase> OpenAsync(string db, string? provider, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(db))
            throw new CliError("--db is empty: give a SQLite file or a connection string.");
        var kind = provider is null ? Guess(db) : ParseProvider(provider);
        var (connection, createWritable) = kind switch
        {
            DatabaseKind.Sqlite => SqliteFor(db),
            DatabaseKind.PostgreSql => (Create(() => new NpgsqlConnection(db), "PostgreSQL"), () => new NpgsqlConnection(db)),
            _ => SqlServerFor(db),
        };
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (kind == DatabaseKind.Sqlite)
            {
                // Opening is lazy in SQLite: touch the schema so a non-database file fails here, not at the first question.
                await using var probe = connection.CreateCommand();
                probe.CommandText = "SELECT count(*) FROM sqlite_master";
                await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException
                                      or NotSupportedException)
        {
            // Read before disposing: a disposed SqlConnection forgets its data source.
            var (server, database) = (connection.DataSource, connection.Database);
            await connection.DisposeAsync().ConfigureAwait(false);
            throw kind switch
            {
                DatabaseKind.Sqlite => new CliError($"{db} is not a readable SQLite database: {e.Message}"),
                DatabaseKind.SqlServer => new CliError(SqlServerErrors.Describe(e, server, database)),
                _ => new CliError($"could not connect to {kind}: {e.Message}"),
            };
        }
        var name = kind == DatabaseKind.Sqlite ? Path.GetFileNameWithoutExtension(db) : connection.Database;
        return new OpenedDatabase(connection, kind, name, createWritable);
    }

    public static DatabaseKind ParseProvider(string provider) => provider.ToLowerInvariant() switch
    {
        "sqlite" => DatabaseKind.Sqlite,
        "sqlserver" or "mssql" or "tsql" => DatabaseKind.SqlServer,
        "postgres" or "postgresql" or "npgsql" => DatabaseKind.PostgreSql,
        _ => throw new CliError($"unknown provider '{provider}': use sqlite, sqlserver or postgres."),
    };

    /// <summary>A file path means SQLite; a connection string's keywords tell PostgreSQL from SQL Server.</summary>
    public static DatabaseKind Guess(string db)
    {
        if (!db.Contains('='))
            return DatabaseKind.Sqlite;
        var keys = db.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2)[0].Trim().ToLowerInvariant()).ToHashSet();
        if (keys.Overlaps(["host", "username", "port"]))
            return DatabaseKind.PostgreSql;
        if (keys.Overlaps(["server", "initial catalog", "integrated security", "trustservercertificate", "encrypt"]))
            return DatabaseKind.SqlServer;
        if (keys.Contains("data source"))
            return DatabaseKind.Sqlite;
        throw new CliError("cannot tell which database this connection string is for: add --provider sqlite|sqlserver|postgres.");
    }

    private static (DbConnection, Func<DbConnection>) SqliteFor(string db)
    {
        var builder = db.Contains('=') ? Create(() => new SqliteConnectionStringBuilder(db), "SQLite") : new SqliteConnectionStringBuilder { DataSource = db };
        var path = builder.DataSource;
        if (path != ":memory:")
        {
            if (Directory.Exists(path))
                throw new CliError($"{path} is a folder, not a SQLite database file.");
            if (!File.Exists(path))
                throw new CliError($"database file not found: {path}");
            // Questions read through a read-only connection; only the feedback table (--feedback db) writes, never creating the file.
            var writable = new SqliteConnectionStringBuilder(builder.ToString()) { Mode = SqliteOpenMode.ReadWrite }.ToString();
            builder.Mode = SqliteOpenMode.ReadOnly;
            return (new SqliteConnection(builder.ToString()), () => new SqliteConnection(writable));
        }
        // A private in-memory database cannot be reached by a second connection: feedback into it would be lost.
        return (new SqliteConnection(builder.ToString()),
            () => throw new CliError("--feedback db cannot write into an in-memory database: give a file with --feedback <file>."));
    }

    private static (DbConnection, Func<DbConnection>) SqlServerFor(string connectionString)
    {
        // Parse once here so a malformed string is one clear line before anything tries the network.
        var builder = Create(() => new SqlConnectionStringBuilder(connectionString), "SQL Server");
        if (string.IsNullOrWhiteSpace(builder.DataSource))
            throw new CliError("invalid SQL Server connection string: it names no Server (e.g. Server=localhost,1433).");
        var checkedString = builder.ConnectionString;
        return (new SqlConnection(checkedString), () => new SqlConnection(checkedString));
    }

    private static T Create<T>(Func<T> create, string what)
    {
        try
        {
            return create();
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new CliError($"invalid {what} connection string: {e.Message}");
        }
    }
}
