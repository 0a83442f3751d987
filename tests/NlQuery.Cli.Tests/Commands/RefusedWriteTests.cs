using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Commands;

/// <summary>
/// <c>nlq ask</c> and the REPL refuse requests to change data in one line with exit code 4, even when the "model"
/// would have offered a SELECT: no SELECT is ever presented as the answer to "delete all customers".
/// </summary>
public sealed class RefusedWriteTests : IDisposable
{
    private readonly CannedModel _model;

    public RefusedWriteTests() =>
        // Every question gets a harmless SELECT from this "model": a refusal must come before translation.
        _model = new CannedModel(Requests.ToDictionary(q => q, _ => new[] { "SELECT count(*) FROM customers" }));

    private static readonly string[] Requests =
    [
        "DELETE FROM customers",
        "update every price to 0",
        "drop table customers",
        "insert into customers (customer_id) values (999)",
        "delete all customers",
    ];

    private static string Shop => Path.Combine(SharedData.RepositoryRoot, "samples", "shop.db");

    public void Dispose() => _model.Dispose();

    [Theory]
    [InlineData("DELETE FROM customers", "delete rows")]
    [InlineData("update every price to 0", "change rows")]
    [InlineData("drop table customers", "drop tables or other objects")]
    [InlineData("insert into customers (customer_id) values (999)", "insert rows")]
    [InlineData("delete all customers", "delete rows")]
    public async Task AskRefusesInOneLineWithExitCodeFour(string question, string operation)
    {
        var before = await File.ReadAllBytesAsync(Shop);

        var result = await NlqProcess.RunAsync(["ask", "--db", Shop, "--model", _model.Folder, "--format", "json", question],
            workingDirectory: Path.GetTempPath());

        Assert.Equal(4, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.Equal($"nlq: refused: NlQuery only reads data; it will not {operation}. Nothing was run. Ask a question about the data instead.\n",
            result.StdErr);
        Assert.Equal(before, await File.ReadAllBytesAsync(Shop));
    }

    [Fact]
    public async Task TheReplRefusesAndGoesOn()
    {
        var result = await NlqProcess.RunAsync(["--db", Shop, "--model", _model.Folder],
            "delete all customers\n:sql SELECT count(*) FROM orders\n", workingDirectory: Path.GetTempPath());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("nlq: refused: NlQuery only reads data; it will not delete rows. Nothing was run. Ask a question about the data instead.\n",
            result.StdErr);
        Assert.DoesNotContain("FROM customers", result.StdOut);
        Assert.Contains("SELECT count(*) FROM orders", result.StdOut);
    }
}
