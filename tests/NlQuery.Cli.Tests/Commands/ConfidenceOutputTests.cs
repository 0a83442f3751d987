using System.Text.Json;
using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Commands;

/// <summary>The answer's confidence as nlq shows it: a number in JSON, "uncertain" in words in the table, alternatives in the REPL.</summary>
public sealed class ConfidenceOutputTests : IDisposable
{
    private const string RedJeans = "how many red jeans are there?";
    private const string Rome = "how many customers live in Rome?";

    private readonly CannedModel _model = new(new Dictionary<string, string[]>
    {
        // 'red jeans' is no product name in the shop: the literal check marks the answer uncertain.
        [RedJeans] = ["SELECT count(*) FROM products WHERE name = 'red jeans'", "SELECT count(*) FROM products"],
        [Rome] = ["SELECT count(*) FROM customers WHERE city = 'Rome'"],
    });

    private static string Shop => Path.Combine(SharedData.RepositoryRoot, "samples", "shop.db");

    public void Dispose() => _model.Dispose();

    private Task<NlqResult> Nlq(string stdin, params string[] args) => NlqProcess.RunAsync(args, stdin, workingDirectory: Path.GetTempPath());

    [Fact]
    public async Task JsonCarriesTheConfidenceAndWhetherItIsUncertain()
    {
        var doubtful = JsonDocument.Parse((await Nlq("", "ask", "--db", Shop, "--model", _model.Folder, "--format", "json", RedJeans)).StdOut).RootElement;
        var sure = JsonDocument.Parse((await Nlq("", "ask", "--db", Shop, "--model", _model.Folder, "--format", "json", Rome)).StdOut).RootElement;

        Assert.InRange(doubtful.GetProperty("confidence").GetDouble(), 0, 0.5);
        Assert.True(doubtful.GetProperty("uncertain").GetBoolean());
        Assert.InRange(sure.GetProperty("confidence").GetDouble(), 0.5, 1);
        Assert.False(sure.GetProperty("uncertain").GetBoolean());
    }

    [Fact]
    public async Task AFittedCalibrationInModelJsonGivesTheConfidence()
    {
        // A calibration that knows only the agreement: logit = -2 + 1.5·agreement; the only candidate agrees with itself.
        var folder = Directory.CreateTempSubdirectory("nlq-calibrated-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "model.json"), JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["format"] = "nlquery-canned/1",
                ["answers"] = new Dictionary<string, string[]> { [Rome] = ["SELECT count(*) FROM customers WHERE city = 'Rome'"] },
                ["confidence"] = new Dictionary<string, object>
                {
                    ["method"] = "logistic",
                    ["intercept"] = -2,
                    ["weights"] = new Dictionary<string, double>
                    {
                        ["agreement"] = 1.5, ["score"] = 0, ["margin"] = 0, ["missing_literal"] = 0, ["joins"] = 0, ["words"] = 0,
                    },
                },
            }));

            var calibrated = JsonDocument.Parse((await Nlq("", "ask", "--db", Shop, "--model", folder, "--format", "json", Rome)).StdOut).RootElement;
            var fixedFormula = JsonDocument.Parse((await Nlq("", "ask", "--db", Shop, "--model", _model.Folder, "--format", "json", Rome)).StdOut).RootElement;

            Assert.Equal(Math.Round(1 / (1 + Math.Exp(0.5)), 4), calibrated.GetProperty("confidence").GetDouble());
            Assert.True(calibrated.GetProperty("uncertain").GetBoolean());
            Assert.Equal(Math.Round(Math.Sqrt(Math.Exp(-0.1)), 4), fixedFormula.GetProperty("confidence").GetDouble());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheTableSaysUncertainInWordsAndTheReplOffersTheAlternatives()
    {
        var table = await Nlq("", "ask", "--db", Shop, "--model", _model.Folder, RedJeans);
        var sure = await Nlq("", "ask", "--db", Shop, "--model", _model.Folder, Rome);
        var repl = await Nlq($"{RedJeans}\n", "--db", Shop, "--model", _model.Folder);

        Assert.Contains(table.Lines, l => l.StartsWith("uncertain: confidence 0."));
        Assert.DoesNotContain("uncertain", sure.StdOut);
        Assert.Contains("  or: SELECT count(*) FROM products", repl.Lines);
    }
}
