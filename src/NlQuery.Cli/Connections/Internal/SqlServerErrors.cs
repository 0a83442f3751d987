using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Data.SqlClient;

namespace NlQuery.Cli.Connections.Internal;

/// <summary>
/// The one place that turns what SqlClient throws while connecting into one line a user can act on. SqlClient's own
/// messages run to several sentences with provider codes ("A network-related or instance-specific error … (provider:
/// TCP Provider, error: 35 …)"); the error number or the inner exception says which of the few usual causes it was.
/// </summary>
internal static class SqlServerErrors
{
    // SqlException.Number values for the causes a user meets when connecting (SQL Server's sys.messages, and SqlClient's
    // own negative/SNI numbers for failures before the server answers).
    private const int LoginFailed = 18456;
    private const int LoginFromUntrustedDomain = 18452;
    private const int PasswordExpired = 18487;
    private const int PasswordMustChange = 18488;
    private const int CannotOpenDatabase = 4060;
    private const int DatabaseUnavailable = 904;
    private const int Timeout = -2;

    /// <summary>One line for a failed connection to <paramref name="server"/> (its data source, never the password).</summary>
    public static string Describe(Exception error, string server, string database)
    {
        if (Find<AuthenticationException>(error) is not null || Mentions(error, "certificate"))
            return $"could not connect to SQL Server at {server}: its TLS certificate is not trusted. For a development server add " +
                   "TrustServerCertificate=True to the connection string; otherwise install the certificate's issuer as trusted.";
        if (error is SqlException sql)
        {
            switch (sql.Number)
            {
                case LoginFailed:
                    return $"could not connect to SQL Server at {server}: login failed; check User Id and Password (or Integrated Security).";
                case LoginFromUntrustedDomain:
                    return $"could not connect to SQL Server at {server}: the server does not accept this Windows login; use User Id and Password.";
                case PasswordExpired or PasswordMustChange:
                    return $"could not connect to SQL Server at {server}: the login's password has expired or must be changed.";
                case CannotOpenDatabase or DatabaseUnavailable:
                    return $"could not connect to SQL Server at {server}: database '{database}' does not exist or this login cannot open it.";
            }
        }
        // SqlClient retries a refused TCP connection until the connect timeout, then reports SNI error 35 with an
        // inner SocketException whose code is often meaningless ("Success"): only a definite code says more.
        switch (Find<SocketException>(error)?.SocketErrorCode)
        {
            case SocketError.HostNotFound or SocketError.NoData:
                return $"could not connect to SQL Server at {server}: host not found; check Server.";
            case SocketError.ConnectionRefused:
                return $"could not connect to SQL Server at {server}: connection refused; is SQL Server running and listening on TCP at that port?";
        }
        if (error is SqlException { Number: Timeout } || error is TimeoutException)
            return $"could not connect to SQL Server at {server}: no answer within the connect timeout (Connect Timeout in the connection string).";
        if (error is SqlException { Class: >= 20 } or SqlException { Number: 0 or 2 or 26 or 40 or 53 })
            return $"could not connect to SQL Server at {server}: no server answered within the connect timeout; check Server and the port, " +
                   "that SQL Server is running and accepts TCP connections, and the firewall.";
        // Anything else (a server-side refusal we have no wording for): SqlClient's first line, which names the cause.
        return $"could not connect to SQL Server at {server}: {FirstLine(error.Message)}";
    }

    private static T? Find<T>(Exception error) where T : Exception
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is T found)
                return found;
        }
        return null;
    }

    private static bool Mentions(Exception error, string word)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e.Message.Contains(word, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    private static string FirstLine(string message)
    {
        var line = message.ReplaceLineEndings("\n").Split('\n', 2)[0].Trim();
        return line.Length == 0 ? "unknown error" : line;
    }
}
