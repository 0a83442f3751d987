using System.Text.Json;
using NlQuery.Cli.Connections;
using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Commands;

/// <summary>
/// nlq against "SQL Server" as a user without a server would run it: <c>NLQUERY_SQLCLIENT_PATH</c> points at this test
/// assembly, whose fake <c>Microsoft.Data.SqlClient.SqlClientFactory</c> connects to a scripted concert_singer server
/// that answers each query with the statement it received (tests/Shared/FakeSqlClient).
/// </summary>
public sealed class SqlServerCliTests
{
    private const string Db = "Server=fake;Database=concert_singer;User Id=sa;Password=secret";

    private static string Model => Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5");

    private static readonly Dictionary<string, string> FakeSqlClient = new()
    {
        [DatabaseConnector.SqlClientVariable] = typeof(Microsoft.Data.SqlClient.SqlClientFactory).Assembly.Location,
    };

    private static Task<NlqResult> Nlq(string stdin, params string[] args) =>
        NlqProcess.RunAsync(args, stdin, workingDirectory: Path.GetTempPath(), environment: FakeSqlClient);

    [Fact]
    public async Task AskWritesTSqlAndRunsItInATransaction()
    {
        var result = await Nlq("", "ask", "--db", Db, "--model", Model, "How old is the youngest singer?", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var root = JsonDocument.Parse(result.StdOut).RootElement;
        var sql = root.GetProperty("sql").GetString()!;
        Assert.StartsWith("SELECT", sql);
        Assert.DoesNotContain("LIMIT", sql); // T-SQL writes TOP
        // The fake server's reply: the statement it ran, and 1 for "inside a transaction" (rolled back afterwards).
        var row = root.GetProperty("rows").EnumerateArray().Single().EnumerateArray().ToArray();
        Assert.Equal(sql, row[0].GetString());
        Assert.Equal(1, row[1].GetInt32());
    }

    [Fact]
    public async Task TheReplReadsTheCatalogAndRunsTypedTSql()
    {
        var result = await Nlq(":why\n:sql select top 1 name from singer order by age\n:sql DROP TABLE singer\n", "--db", Db, "--provider", "sqlserver");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("concert_singer: 2 tables", result.StdOut);
        Assert.Contains("singer(singer_id, name, country, age)", result.StdOut);
        Assert.Contains("SELECT TOP 1 name FROM singer ORDER BY age", result.StdOut);
        Assert.StartsWith("nlq: error: only SELECT statements are allowed", result.StdErr);
    }

    [Fact]
    public async Task AnUnreachableServerIsAClearError()
    {
        var result = await Nlq("", "ask", "--db", "Server=unreachable;Database=x;User Id=sa", "--model", Model, "how many?");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("nlq: error: could not connect to SqlServer: A network-related", result.StdErr);
    }
}
