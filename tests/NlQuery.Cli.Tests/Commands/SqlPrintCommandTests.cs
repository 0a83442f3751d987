namespace NlQuery.Cli.Tests.Commands;

/// <summary><c>nlq sql print</c> run as a process: statements re-rendered in another dialect, one line each.</summary>
public sealed class SqlPrintCommandTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task RendersSqliteAsTSqlThatTheTSqlParserAccepts()
    {
        var result = await NlqProcess.RunAsync("""
            SELECT name FROM singer ORDER BY age DESC LIMIT 3
            SELECT T1.name FROM singer AS T1 JOIN concert AS T2 ON T1.singer_id = T2.singer_id WHERE T2.year = 2014
            SELECT nme FROM singer
            SELECT name FROM

            """ + "\n", "sql", "print", "--db", database.DbPath, "--to", "tsql");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(5, result.Lines.Count);
        Assert.Contains("TOP 3", result.Lines[0], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("LIMIT", result.Lines[0], StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("invalid: ", result.Lines[2]);
        Assert.Equal("invalid: incomplete statement", result.Lines[3]);
        Assert.Equal("invalid: empty statement", result.Lines[4]);

        // What it printed is T-SQL the parser accepts against the same database.
        var check = await NlqProcess.RunAsync(string.Join('\n', result.Lines.Take(2)) + "\n",
            "sql", "check", "--db", database.DbPath, "--dialect", "tsql", "--prefixes");
        Assert.Equal(["complete", "complete"], check.Lines);
    }

    [Fact]
    public async Task RendersTSqlAsSqlite()
    {
        var result = await NlqProcess.RunAsync("SELECT TOP 2 [name] FROM [singer] ORDER BY age\n",
            "sql", "print", "--db", database.DbPath, "--from", "tsql", "--to", "sqlite");
        Assert.True(result.ExitCode == 0, result.ToString());
        var line = Assert.Single(result.Lines);
        Assert.Contains("LIMIT 2", line, StringComparison.OrdinalIgnoreCase);
        var check = await NlqProcess.RunAsync(line + "\n", "sql", "check", "--db", database.DbPath);
        Assert.Equal(["complete"], check.Lines);
    }

    [Fact]
    public async Task UnknownTargetDialectIsAUserError()
    {
        var result = await NlqProcess.RunAsync("SELECT name FROM singer\n", "sql", "print", "--db", database.DbPath, "--to", "oracle");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("nlq: error: unknown --to 'oracle'", result.StdErr);
    }
}
