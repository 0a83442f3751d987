using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Commands;

/// <summary>
/// nlq against SQL Server through the real Microsoft.Data.SqlClient, as a user on a fresh clone runs it (no
/// environment variable). No SQL Server runs here, so these are the failures a user can meet without one: nothing
/// listening on the port, and a connection string SqlClient cannot parse. Each must be one line on stderr, exit 2.
/// </summary>
public sealed class SqlServerCliTests
{
    /// <summary>Port 1 on loopback: nothing listens there, so SqlClient's connect is refused.</summary>
    private const string ClosedPort = "Server=127.0.0.1,1;Database=shop;User Id=sa;Password=secret;Connect Timeout=2";

    private static string Model => Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5");

    private static Task<NlqResult> Nlq(string stdin, params string[] args) =>
        NlqProcess.RunAsync(args, stdin, workingDirectory: Path.GetTempPath());

    private static void AssertOneErrorLine(NlqResult result, string start)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.StdOut);
        var line = Assert.Single(result.StdErr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.StartsWith(start, line);
    }

    [Fact]
    public async Task AskOnAClosedPortFailsInOneLine()
    {
        var result = await Nlq("", "ask", "--db", ClosedPort, "--provider", "sqlserver", "--model", Model, "how many customers?");

        AssertOneErrorLine(result, "nlq: error: could not connect to SQL Server at 127.0.0.1,1: no server answered within the connect timeout;");
        Assert.DoesNotContain("secret", result.StdErr);
    }

    [Fact]
    public async Task TheReplGuessesSqlServerFromTheKeywordsAndFailsInOneLine()
    {
        var result = await Nlq(":quit\n", "--db", ClosedPort);

        AssertOneErrorLine(result, "nlq: error: could not connect to SQL Server at 127.0.0.1,1:");
    }

    [Theory]
    [InlineData("Server=127.0.0.1,1;Bogus Key=1", "nlq: error: invalid SQL Server connection string: Keyword not supported: 'bogus key'.")]
    [InlineData("Server=127.0.0.1,1;Connect Timeout=soon", "nlq: error: invalid SQL Server connection string:")]
    [InlineData("Database=shop;User Id=sa", "nlq: error: invalid SQL Server connection string: it names no Server")]
    public async Task AMalformedConnectionStringIsExplainedBeforeAnyNetwork(string db, string start)
    {
        var result = await Nlq("", "ask", "--db", db, "--provider", "sqlserver", "--model", Model, "how many customers?");

        AssertOneErrorLine(result, start);
    }
}
