namespace NlQuery.Cli.Tests.Commands;

/// <summary><c>nlq serve</c> as a user starts it: the refusals that must happen before it listens.</summary>
public sealed class ServeCommandTests
{
    private static string SampleDb => Path.Combine(NlQuery.Tests.SharedData.RepositoryRoot, "samples", "shop.db");

    [Fact]
    public async Task Listening_on_all_interfaces_without_a_token_refuses_to_start()
    {
        var result = await NlqProcess.RunAsync(["serve", "--db", SampleDb, "--urls", "http://0.0.0.0:5999"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nlq: error: http://0.0.0.0:5999 can be reached from other machines: give --token", result.StdErr);
        Assert.Empty(result.StdOut);
    }

    [Fact]
    public async Task The_token_may_come_from_the_environment_and_must_be_long_enough()
    {
        var result = await NlqProcess.RunAsync(["serve", "--db", SampleDb, "--urls", "http://0.0.0.0:5999"],
            environment: new Dictionary<string, string> { ["NLQUERY_TOKEN"] = "tooshort" });
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--token is 8 characters long; use at least 16", result.StdErr);
    }

    [Fact]
    public async Task A_missing_database_is_a_one_line_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"nlq-missing-{Guid.NewGuid():N}.db");
        var result = await NlqProcess.RunAsync(["serve", "--db", missing]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"nlq: error: database file not found: {missing}", result.StdErr.Trim());
    }

    [Fact]
    public async Task A_port_already_in_use_is_a_one_line_error()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var result = await NlqProcess.RunAsync(["serve", "--db", SampleDb, "--urls", $"http://127.0.0.1:{port}",
            "--model", Path.Combine(NlQuery.Tests.SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"nlq: error: cannot listen on http://127.0.0.1:{port}:", result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr);
    }
}
