using System.Net.Sockets;
using System.Security.Authentication;
using NlQuery.Cli.Connections.Internal;

namespace NlQuery.Cli.Tests.Connections;

/// <summary>
/// The mapping from what SqlClient throws to one line, for the causes that show in the inner exceptions. SqlException
/// has no public constructor, so the server's numbered errors (login failed 18456, database 4060) are not built here.
/// </summary>
public sealed class SqlServerErrorsTests
{
    [Fact]
    public void AnUntrustedCertificateSaysWhatToChange()
    {
        var error = new InvalidOperationException("pre-login handshake failed",
            new AuthenticationException("The remote certificate was rejected by the provided RemoteCertificateValidationCallback."));

        var line = SqlServerErrors.Describe(error, "db.example.com", "shop");

        Assert.StartsWith("could not connect to SQL Server at db.example.com: its TLS certificate is not trusted.", line);
        Assert.Contains("TrustServerCertificate=True", line);
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused, "connection refused")]
    [InlineData(SocketError.HostNotFound, "host not found")]
    public void ADefiniteSocketErrorIsNamed(SocketError code, string expected)
    {
        var line = SqlServerErrors.Describe(new InvalidOperationException("outer", new SocketException((int)code)), "db,1433", "shop");
        Assert.StartsWith($"could not connect to SQL Server at db,1433: {expected}", line);
    }

    [Fact]
    public void AnythingElseKeepsOnlyTheFirstLineOfTheMessage()
    {
        var line = SqlServerErrors.Describe(new InvalidOperationException("first line\nsecond line"), "db", "shop");
        Assert.Equal("could not connect to SQL Server at db: first line", line);
    }
}
