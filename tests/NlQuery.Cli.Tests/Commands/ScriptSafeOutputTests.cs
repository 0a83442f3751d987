using System.Text.Json;
using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Commands;

/// <summary>
/// What scripts read from <c>nlq ask</c>: the row cap is never silent, CSV can carry its SQL, <c>--sql-only</c> honours
/// <c>--format json</c>, piped table output has no colour codes or wrapped SQL, and option errors name values, not types.
/// </summary>
public sealed class ScriptSafeOutputTests : IDisposable
{
    private const string LongSql =
        "SELECT first_name FROM customers WHERE city = 'a literal well past eighty columns, so that a console of eighty would wrap it' OR city = 'Rome'";

    private readonly CannedModel _model = new(new Dictionary<string, string[]>
    {
        ["list the emails"] = ["SELECT email FROM customers"],
        ["a long one"] = [LongSql],
        ["with alternatives"] = ["SELECT nope FROM customers", "SELECT count(*) FROM customers", "SELECT count(*) FROM orders"],
    });

    private static string Shop => Path.Combine(SharedData.RepositoryRoot, "samples", "shop.db");

    public void Dispose() => _model.Dispose();

    private Task<NlqResult> Ask(params string[] args) =>
        NlqProcess.RunAsync(["ask", "--db", Shop, "--model", _model.Folder, .. args], workingDirectory: Path.GetTempPath(),
            environment: new Dictionary<string, string> { ["TERM"] = "xterm-256color", ["COLORTERM"] = "truecolor" });

    [Fact]
    public async Task JsonSaysWhetherTheRowCapCutTheResult()
    {
        var capped = await Ask("list the emails", "--format", "json", "--max-rows", "2");
        var whole = await Ask("list the emails", "--format", "json");

        Assert.True(capped.ExitCode == 0, capped.ToString());
        var root = JsonDocument.Parse(capped.StdOut).RootElement;
        Assert.True(root.GetProperty("truncated").GetBoolean());
        Assert.Equal(2, root.GetProperty("row_cap").GetInt32());
        Assert.Equal(2, root.GetProperty("rows").GetArrayLength());
        root = JsonDocument.Parse(whole.StdOut).RootElement;
        Assert.False(root.GetProperty("truncated").GetBoolean());
        Assert.Equal(1000, root.GetProperty("row_cap").GetInt32());
        Assert.True(root.GetProperty("rows").GetArrayLength() > 2);
    }

    [Fact]
    public async Task CsvCutByTheRowCapSaysSoOnStderrAndExitsWithFive()
    {
        var capped = await Ask("list the emails", "--format", "csv", "--max-rows", "2");
        var whole = await Ask("list the emails", "--format", "csv");

        Assert.Equal(5, capped.ExitCode);
        Assert.Equal(["email", capped.Lines[1], capped.Lines[2]], capped.Lines);
        Assert.Equal("nlq: truncated: the row cap (--max-rows 2) was reached; the CSV holds the first 2 rows and more exist.\n", capped.StdErr);
        Assert.Equal(0, whole.ExitCode);
        Assert.Equal("", whole.StdErr);
        Assert.True(whole.Lines.Count > 3);
    }

    [Fact]
    public async Task CsvCarriesTheSqlAsCommentLinesOnlyWhenAsked()
    {
        var withHeader = await Ask("list the emails", "--format", "csv", "--sql-header", "--max-rows", "1");
        var without = await Ask("list the emails", "--format", "csv", "--max-rows", "1");
        var notCsv = await Ask("list the emails", "--sql-header");

        Assert.Equal(["# SELECT email FROM customers", "email", without.Lines[1]], withHeader.Lines);
        Assert.Equal("email", without.Lines[0]);
        Assert.Equal(2, notCsv.ExitCode);
        Assert.Contains("--sql-header is for --format csv", notCsv.StdErr);
    }

    [Fact]
    public async Task SqlOnlyWithJsonPrintsAJsonObject()
    {
        var json = await Ask("a long one", "--sql-only", "--format", "json");
        var plain = await Ask("a long one", "--sql-only");

        Assert.True(json.ExitCode == 0, json.ToString());
        var root = JsonDocument.Parse(json.StdOut).RootElement;
        Assert.Equal(["sql"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(LongSql, root.GetProperty("sql").GetString());
        Assert.Equal(LongSql + "\n", plain.StdOut);
    }

    [Fact]
    public async Task PipedTableOutputHasNoColourCodesAndTheSqlExactlyAsItRan()
    {
        var table = await Ask("a long one", "--max-rows", "1");
        var json = await Ask("a long one", "--format", "json", "--max-rows", "1");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.DoesNotContain('\u001b', table.StdOut);
        Assert.Equal(JsonDocument.Parse(json.StdOut).RootElement.GetProperty("sql").GetString(), table.Lines[0]);
        Assert.Equal(LongSql, table.Lines[0]);
        Assert.Contains("1 row (row cap reached; more exist)", table.StdOut);
    }

    [Fact]
    public async Task EveryAlternativeSaysWhyItIsNotTheAnswer()
    {
        var result = await Ask("with alternatives", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var alternatives = JsonDocument.Parse(result.StdOut).RootElement.GetProperty("alternatives").EnumerateArray().ToList();
        Assert.Equal(2, alternatives.Count);
        Assert.Equal("parse", alternatives[0].GetProperty("skipped").GetString());
        Assert.Contains("nope", alternatives[0].GetProperty("reason").GetString());
        Assert.Equal("not tried", alternatives[1].GetProperty("skipped").GetString());
        Assert.Equal("not tried: an earlier candidate answered", alternatives[1].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task AnUnknownFormatNamesTheAllowedValuesNotAType()
    {
        var result = await Ask("list the emails", "--format", "xml");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.Equal("nlq: error: --format takes one of table, json, csv, not 'xml'.\nnlq: see nlq ask --help\n", result.StdErr);
    }

    [Fact]
    public async Task ReplSqlOutputToAPipeIsNotWrappedOrColoured()
    {
        var result = await NlqProcess.RunAsync([ "--db", Shop ], $":sql {LongSql}\n", workingDirectory: Path.GetTempPath(),
            environment: new Dictionary<string, string> { ["TERM"] = "xterm-256color", ["COLORTERM"] = "truecolor" });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain('\u001b', result.StdOut);
        Assert.Equal(LongSql, result.Lines[0]);
    }
}
