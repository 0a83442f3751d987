using System.Diagnostics;
using System.Text;
using NlQuery.Tests;

namespace NlQuery.Cli.Tests;

/// <summary><c>nlq tokenize</c> run as a user runs it: the built nlq.dll, texts on stdin, ids on stdout.</summary>
public sealed class TokenizeCommandTests
{
    private static string Fixtures => Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "spm-small");

    [Fact]
    public async Task EncodesEachStdinLineAsTheOfficialEncoderDoes()
    {
        var inputs = await File.ReadAllTextAsync(Path.Combine(Fixtures, "inputs.txt"));
        var expected = await File.ReadAllTextAsync(Path.Combine(Fixtures, "spm-small.ids"));
        var (exitCode, stdout, stderr) = await RunNlqAsync(inputs, "tokenize", "--spm", Path.Combine(Fixtures, "spm-small.model"));
        Assert.True(exitCode == 0, stderr);
        Assert.Equal(expected, stdout);
    }

    [SharedDataFact]
    public async Task EncodesT5SentinelsAndLeavesOutEos()
    {
        var model = SharedData.Combine("models", "t5-spiece", "spiece.model");
        var (exitCode, stdout, stderr) = await RunNlqAsync("How many singers do we have?\n<extra_id_0>\n", "tokenize", "--spm", model);
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("571 186 7634 7 103 62 43 58\n32099\n", stdout);
    }

    [Fact]
    public async Task DecodesIdsBackToText()
    {
        var ids = await File.ReadAllTextAsync(Path.Combine(Fixtures, "spm-small.ids"));
        var expected = await File.ReadAllTextAsync(Path.Combine(Fixtures, "spm-small.decoded"));
        var (exitCode, stdout, stderr) = await RunNlqAsync(ids, "tokenize", "--spm", Path.Combine(Fixtures, "spm-small.model"), "--decode");
        Assert.True(exitCode == 0, stderr);
        Assert.Equal(expected, stdout);
    }

    [Fact]
    public async Task AMissingModelIsAClearErrorWithExitCode2()
    {
        var (exitCode, stdout, stderr) = await RunNlqAsync("x\n", "tokenize", "--spm", "/no/such/spiece.model");
        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.StartsWith("nlq: error: SentencePiece model not found: /no/such/spiece.model", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACorruptModelIsAClearErrorWithExitCode2()
    {
        var (exitCode, _, stderr) = await RunNlqAsync("x\n", "tokenize", "--spm", Path.Combine(Fixtures, "inputs.txt"));
        Assert.Equal(2, exitCode);
        Assert.Contains("is not a valid SentencePiece model", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadIdIsAClearErrorWithExitCode2()
    {
        var (exitCode, _, stderr) = await RunNlqAsync("5 6\n5 seven\n", "tokenize", "--spm", Path.Combine(Fixtures, "spm-small.model"), "--decode");
        Assert.Equal(2, exitCode);
        Assert.Contains("stdin line 2: \"seven\" is not a token id", stderr, StringComparison.Ordinal);
    }

    /// <summary>Runs the nlq built next to this test assembly with <paramref name="stdin"/>, returning what it printed.</summary>
    private static Task<NlqResult> RunNlqAsync(string stdin, params string[] args) => NlqProcess.RunAsync(stdin, args);
}
