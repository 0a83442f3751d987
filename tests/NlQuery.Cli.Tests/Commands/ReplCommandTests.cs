using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Commands;

/// <summary>The <c>nlq --db …</c> REPL driven through stdin.</summary>
public sealed class ReplCommandTests
{
    private static string Shop => Path.Combine(SharedData.RepositoryRoot, "samples", "shop.db");


    /// <summary>Runs nlq from a temporary folder, so no models/default above the working directory is found.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> Nlq(string stdin, params string[] args)
    {
        var result = await NlqProcess.RunAsync(args, stdin, workingDirectory: Path.GetTempPath());
        return (result.ExitCode, result.StdOut, result.StdErr);
    }

    [Fact]
    public async Task SqlRunsParserCheckedReadOnlyQueries()
    {
        var (exitCode, stdout, stderr) = await Nlq(
            ":sql select count(*) from customers where country = \"Germany\"\n:sql DELETE FROM customers\n:sql SELECT 1; DROP TABLE customers\n:exit\n",
            "--db", Shop);

        Assert.Equal(0, exitCode);
        Assert.Contains("SELECT count(*) FROM customers WHERE country = 'Germany'", stdout);
        Assert.Contains("1 row", stdout);
        var errors = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, errors.Length);
        Assert.StartsWith("nlq: error: only SELECT statements are allowed", errors[0]);
        Assert.StartsWith("nlq: error: ", errors[1]);
    }

    [Fact]
    public async Task WhyHistoryFixAndUnknownCommands()
    {
        var (exitCode, stdout, stderr) = await Nlq(":why\n:history\n:fix SELECT 1\n:frob\n", "--db", Shop);

        Assert.Equal(0, exitCode);
        Assert.Contains("customers(customer_id, first_name, last_name, email, city, country, joined_on)", stdout);
        Assert.Contains(":fix corrects the last question; ask one first.", stderr);
        Assert.Contains("unknown command :frob", stderr);
    }

    [Fact]
    public async Task NewStartsAConversationWhoseQuestionsAreReadOnTheirOwn()
    {
        using var model = new CannedModel(new Dictionary<string, string[]>
        {
            ["How many customers are there?"] = ["SELECT count(*) FROM customers"],
            ["and orders?"] = ["SELECT count(*) FROM orders"],
            ["How many products are there?"] = ["SELECT count(*) FROM products"],
        });

        var (exitCode, stdout, stderr) = await Nlq(
            "How many customers are there?\nand orders?\n:history\n:new\n:history\nHow many products are there?\n:history\n",
            "--db", Shop, "--model", model.Folder);

        Assert.True(exitCode == 0, stderr);
        var lines = stdout.ReplaceLineEndings("\n").Split('\n');
        var cleared = Array.IndexOf(lines, "new conversation: the next question is read on its own");
        Assert.True(cleared > 0, stdout);
        Assert.Equal(["1. How many customers are there?", "2. and orders?"], lines[..cleared].Where(l => l.StartsWith("1. ") || l.StartsWith("2. ")));
        // After :new the first :history prints nothing, the second only the question asked since.
        Assert.Equal(["1. How many products are there?"], lines[cleared..].Where(l => l.StartsWith("1. ") || l.StartsWith("2. ")));
    }

    [Fact]
    public async Task AQuestionWithoutAModelIsAnErrorAndTheReplGoesOn()
    {
        var (exitCode, stdout, stderr) = await Nlq("how many customers?\n:sql SELECT count(*) FROM orders\n",
            "--db", Shop, "--model", "/nowhere/model");

        Assert.Equal(0, exitCode);
        Assert.Contains("nlq: error: no model found at /nowhere/model", stderr);
        Assert.Contains("SELECT count(*) FROM orders", stdout);
    }

    [Fact]
    public async Task ExitEndsTheSessionBeforeTheNextLine()
    {
        var (exitCode, stdout, stderr) = await Nlq(":sql SELECT count(*) FROM products\n:exit\n:sql SELECT count(*) FROM orders\n", "--db", Shop);

        Assert.Equal(0, exitCode);
        Assert.Equal("", stderr);
        Assert.Contains("FROM products", stdout);
        Assert.DoesNotContain("FROM orders", stdout);
    }

    [Fact]
    public async Task NoDatabaseIsAClearError()
    {
        var (exitCode, _, stderr) = await Nlq("");
        Assert.Equal(2, exitCode);
        Assert.Contains("give a database with --db", stderr);
    }
}
