using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Commands;

/// <summary><c>nlq ask</c> run as a user runs it: the errors, and the README's first command with the shipped model.</summary>
public sealed class AskCommandTests
{
    private static string Shop => Path.Combine(SharedData.RepositoryRoot, "samples", "shop.db");


    /// <summary>Runs nlq from a temporary folder, so no models/default above the working directory is found.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> Nlq(string stdin, params string[] args)
    {
        var result = await NlqProcess.RunAsync(args, stdin, workingDirectory: Path.GetTempPath());
        return (result.ExitCode, result.StdOut, result.StdErr);
    }

    [Fact]
    public async Task TheReadmesFirstCommandAnswersWithTheRightNumber()
    {
        // As the README runs it: from the clone, the default model found in models/default without --model.
        var result = await NlqProcess.RunAsync(["ask", "--db", "samples/shop.db", "--format", "json", "How many customers are there?"],
            workingDirectory: SharedData.RepositoryRoot, timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.StdErr);
        var answer = System.Text.Json.JsonDocument.Parse(result.StdOut).RootElement;
        using var shop = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Shop};Mode=ReadOnly");
        shop.Open();
        using var count = shop.CreateCommand();
        count.CommandText = "SELECT count(*) FROM customers";
        Assert.Equal((long)count.ExecuteScalar()!, answer.GetProperty("rows")[0][0].GetInt64());
        Assert.Single(answer.GetProperty("rows").EnumerateArray());
    }

    [Fact]
    public async Task AnUnknownDatabaseFileIsNamed()
    {
        var (exitCode, stdout, stderr) = await Nlq("", "ask", "--db", "/nowhere/shop.db", "how many customers?");
        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Equal("nlq: error: database file not found: /nowhere/shop.db\n", stderr);
    }

    [Fact]
    public async Task ABadConnectionStringIsExplained()
    {
        var (exitCode, _, stderr) = await Nlq("", "ask", "--db", "Host=localhost;Bogus Key=1", "how many customers?");
        Assert.Equal(2, exitCode);
        Assert.StartsWith("nlq: error: invalid PostgreSQL connection string:", stderr);
    }

    [Fact]
    public async Task AMissingModelSaysWhereItLookedAndWhatToDo()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"nlq-no-model-{Guid.NewGuid():N}");
        var (exitCode, _, stderr) = await Nlq("", "ask", "--db", Shop, "--model", missing, "how many customers?");
        Assert.Equal(2, exitCode);
        Assert.StartsWith($"nlq: error: no model found at {missing}: --model takes a model folder with its model.json", stderr);
        Assert.Contains("Bring your own T5 model", stderr);

        (exitCode, _, stderr) = await Nlq("", "ask", "--db", Shop, "how many customers?");
        Assert.Equal(2, exitCode);
        Assert.StartsWith($"nlq: error: no model found: looked for models/default beside nlq and in {Path.GetTempPath().TrimEnd('/')} and the folders above it.", stderr);
        Assert.Contains("comes with the NlQuery repository in models/default", stderr);
        Assert.Contains("--model <folder>", stderr);
    }

    [Fact]
    public async Task ACorruptModelFolderIsNamed()
    {
        var folder = Directory.CreateTempSubdirectory("nlq-bad-model-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "model.json"), "{ not json");
            var (exitCode, _, stderr) = await Nlq("", "ask", "--db", Shop, "--model", folder, "how many customers?");
            Assert.Equal(2, exitCode);
            Assert.StartsWith("nlq: error: ", stderr);
            Assert.Contains("model.json", stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ACorruptOnnxFileOrAMissingTokenizerIsNamed()
    {
        var folder = Directory.CreateTempSubdirectory("nlq-bad-onnx-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5")))
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            await File.WriteAllBytesAsync(Path.Combine(folder, "encoder_model.onnx"), new byte[] { 0x0a, 0xff, 0xff, 0xff, 0x01, 0x02 });
            var (exitCode, stdout, stderr) = await Nlq("", "ask", "--db", Shop, "--model", folder, "how many customers?");
            Assert.Equal(2, exitCode);
            Assert.Equal("", stdout);
            Assert.StartsWith($"nlq: error: The T5 model folder '{folder}' has an ONNX file ONNX Runtime cannot load", stderr);
            Assert.Contains("encoder_model.onnx", stderr);

            File.Delete(Path.Combine(folder, "spiece.model"));
            (exitCode, _, stderr) = await Nlq("", "ask", "--db", Shop, "--model", folder, "how many customers?");
            Assert.Equal(2, exitCode);
            Assert.Contains("has no spiece.model", stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task EmptyAndOversizedQuestionsAreRefused()
    {
        var (exitCode, _, stderr) = await Nlq("", "ask", "--db", Shop, "  ");
        Assert.Equal(2, exitCode);
        Assert.Equal("nlq: error: the question is empty: ask something about the database.\n", stderr);

        (exitCode, _, stderr) = await Nlq("", "ask", "--db", Shop, new string('x', 100 * 1024));
        Assert.Equal(2, exitCode);
        Assert.Contains("102,400 characters long; nlq accepts at most 4,000", stderr);
    }
}
