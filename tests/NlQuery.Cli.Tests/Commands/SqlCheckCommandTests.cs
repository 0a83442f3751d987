using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Commands;

/// <summary><c>nlq sql check</c> run as a process: the output contract scripts rely on, and every user error.</summary>
public sealed class SqlCheckCommandTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private Task<NlqResult> Check(string stdin, params string[] options) =>
        NlqProcess.RunAsync(stdin, ["sql", "check", .. options]);

    private static void AssertRan(NlqResult result, int lines)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.StdErr);
        Assert.Equal(lines, result.Lines.Count);
    }

    [Fact]
    public async Task PrintsOneVerdictPerInputLine()
    {
        var result = await Check("""
            SELECT name FROM singer WHERE age > 30
            SELECT name FROM singer WHERE

            SELECT nme FROM singer
            SELECT count(*) FROM singer AS T1 JOIN concert AS T2 ON T1.singer_id = T2.singer_id
            """ + "\n", "--db", database.DbPath);

        AssertRan(result, 5);
        Assert.Equal("complete", result.Lines[0]);
        Assert.Equal("partial", result.Lines[1]);
        Assert.Equal("invalid: empty statement", result.Lines[2]);
        Assert.StartsWith("invalid: ", result.Lines[3]);
        Assert.Contains("nme", result.Lines[3]);
        Assert.Equal("complete", result.Lines[4]);
    }

    [Fact]
    public async Task DefaultsToGuardsAndSqlite()
    {
        const string input = "SELECT nme FROM singer\nSELECT name FROM singer LIMIT 1\n";
        var defaults = await Check(input, "--db", database.DbPath);
        var explicitly = await Check(input, "--db", database.DbPath, "--mode", "guards", "--dialect", "sqlite");
        AssertRan(defaults, 2);
        Assert.Equal(explicitly.Lines, defaults.Lines);
        Assert.StartsWith("invalid: ", defaults.Lines[0]);
        Assert.Equal("complete", defaults.Lines[1]);
    }

    [Fact]
    public async Task ModesCheckTokensGrammarOrSchema()
    {
        // An unknown column is only a guards error; a grammar error is not a lexing error; an unterminated string is.
        const string input = "SELECT nme FROM singer\nSELECT FROM FROM singer\nSELECT 'abc\n";
        var lex = await Check(input, "--db", database.DbPath, "--mode", "lex");
        var parse = await Check(input, "--db", database.DbPath, "--mode", "parse");
        var guards = await Check(input, "--db", database.DbPath, "--mode", "guards");
        AssertRan(lex, 3);
        AssertRan(parse, 3);
        AssertRan(guards, 3);

        Assert.Equal("complete", lex.Lines[0]);
        Assert.Equal("complete", parse.Lines[0]);
        Assert.StartsWith("invalid: ", guards.Lines[0]);

        Assert.DoesNotContain("invalid", lex.Lines[1]);
        Assert.StartsWith("invalid: ", parse.Lines[1]);

        // An open string literal can still be closed: partial in every mode.
        Assert.Equal("partial", lex.Lines[2]);
        Assert.Equal("partial", parse.Lines[2]);
    }

    [Fact]
    public async Task DialectDecidesTopLimitAndBrackets()
    {
        const string input = "SELECT TOP 3 name FROM singer\nSELECT name FROM singer LIMIT 3\nSELECT [name] FROM [singer]\n";
        var sqlite = await Check(input, "--db", database.DbPath, "--dialect", "sqlite");
        var tsql = await Check(input, "--db", database.DbPath, "--dialect", "tsql");
        AssertRan(sqlite, 3);
        AssertRan(tsql, 3);
        Assert.StartsWith("invalid: ", sqlite.Lines[0]);
        Assert.Equal("complete", sqlite.Lines[1]);
        Assert.Equal("complete", tsql.Lines[0]);
        Assert.StartsWith("invalid: ", tsql.Lines[1]);
        Assert.Equal("complete", tsql.Lines[2]);
    }

    [Fact]
    public async Task PostgreSqlDialectIsAvailableToo()
    {
        var result = await Check("SELECT name FROM singer LIMIT 3 OFFSET 1\nSELECT TOP 3 name FROM singer\n",
            "--db", database.DbPath, "--dialect", "postgresql");
        AssertRan(result, 2);
        Assert.Equal("complete", result.Lines[0]);
        Assert.StartsWith("invalid: ", result.Lines[1]);
    }

    [Fact]
    public async Task RefusesWritesAndSecondStatements()
    {
        var result = await Check("""
            DELETE FROM singer
            DROP TABLE singer
            PRAGMA table_info(singer)
            SELECT name FROM singer; SELECT age FROM singer
            """ + "\n", "--db", database.DbPath);
        AssertRan(result, 4);
        Assert.All(result.Lines, line => Assert.StartsWith("invalid: ", line));
    }

    [Fact]
    public async Task PrefixesReportTheShortestRejectedPrefix()
    {
        var result = await Check("""
            SELECT name FROM singer WHERE age > 30
            SELECT name FROM singer WHERE
            SELECT name FROM singer )
            SELECT T1.name FROM singer AS T1 JOIN concert AS T2 ON T1.singer_id = T2.singer_id WHERE T2.year = 2014

            """ + "\n", "--db", database.DbPath, "--prefixes");
        AssertRan(result, 5);
        Assert.Equal("complete", result.Lines[0]);
        Assert.Equal("partial", result.Lines[1]);
        // The prefix that ends with ')' (25 characters) is the first one no statement can start with.
        Assert.StartsWith("invalid: prefix at 25: ", result.Lines[2]);
        Assert.Equal("complete", result.Lines[3]);
        Assert.Equal("invalid: empty statement", result.Lines[4]);
    }

    [Fact]
    public async Task WithoutPrefixesTheSameErrorHasNoPrefixOffset()
    {
        var result = await Check("SELECT name FROM singer )\n", "--db", database.DbPath);
        AssertRan(result, 1);
        Assert.StartsWith("invalid: ", result.Lines[0]);
        Assert.DoesNotContain("prefix at", result.Lines[0]);
    }

    [Fact]
    public async Task SchemaFromTablesJsonGivesTheSameVerdictsAsTheDatabase()
    {
        const string input = "SELECT name FROM singer\nSELECT nme FROM singer\nSELECT year FROM concert WHERE singer_id IN (SELECT singer_id FROM singer)\n";
        var fromDb = await Check(input, "--db", database.DbPath, "--prefixes");
        var fromJson = await Check(input, "--schema", database.TablesJsonPath, "--db-id", "concerts", "--prefixes");
        AssertRan(fromJson, 3);
        Assert.Equal(fromDb.Lines, fromJson.Lines);
        Assert.Equal(["complete", "complete"], new[] { fromJson.Lines[0], fromJson.Lines[2] });
        Assert.StartsWith("invalid: ", fromJson.Lines[1]);
    }

    [Fact]
    public async Task AcceptsWindowsLineEndingsAndALastLineWithoutNewline()
    {
        var result = await Check("SELECT name FROM singer\r\nSELECT age FROM singer", "--db", database.DbPath);
        AssertRan(result, 2);
        Assert.Equal(["complete", "complete"], result.Lines);
    }

    [Fact]
    public async Task AnswersEveryLineOfALongInput()
    {
        var lines = Enumerable.Range(0, 2_000).Select(i => (i % 3) switch
        {
            0 => $"SELECT name FROM singer WHERE age > {i}",
            1 => "SELECT name FROM",
            _ => "SELECT FROM singer",
        });
        var result = await Check(string.Join('\n', lines) + "\n", "--db", database.DbPath);
        AssertRan(result, 2_000);
        Assert.Equal(667, result.Lines.Count(l => l == "complete"));
        Assert.Equal(667, result.Lines.Count(l => l == "partial"));
        Assert.Equal(666, result.Lines.Count(l => l.StartsWith("invalid: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task NeverChangesOrCreatesFiles()
    {
        var before = Snapshot();
        var result = await Check("SELECT name FROM singer\n", "--db", database.DbPath, "--prefixes");
        var missing = await Check("SELECT 1\n", "--db", database.MissingPath);
        AssertRan(result, 1);
        Assert.Equal(2, missing.ExitCode);
        Assert.False(File.Exists(database.MissingPath));
        Assert.Equal(before, Snapshot());
    }

    private string Snapshot() => string.Join('\n', Directory.EnumerateFiles(database.Folder).Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}"));

    public static TheoryData<string, string[]> UserErrors => new()
    {
        { "database file not found", ["--db", "{missing}"] },
        { "is not a readable SQLite database: it lacks the 'SQLite format 3' header", ["--db", "{text}"] },
        { "is not a readable SQLite database: the file is empty", ["--db", "{empty}"] },
        { "is a folder", ["--db", "{folder}"] },
        { "not in", ["--schema", "{json}", "--db-id", "no_such_db"] },
        { "not found", ["--schema", "{missingJson}", "--db-id", "concerts"] },
        { "not valid JSON", ["--schema", "{brokenJson}", "--db-id", "concerts"] },
        { "not both", ["--db", "{db}", "--schema", "{json}", "--db-id", "concerts"] },
        { "give the database", [] },
        { "--db-id", ["--db", "{db}", "--db-id", "concerts"] },
        { "--schema needs --db-id", ["--schema", "{json}"] },
        { "unknown --dialect 'mysql'", ["--db", "{db}", "--dialect", "mysql"] },
        { "unknown --mode 'fast'", ["--db", "{db}", "--mode", "fast"] },
    };

    [Theory]
    [MemberData(nameof(UserErrors))]
    public async Task UserErrorsExitWithCodeTwoAndOneClearLine(string expected, string[] options)
    {
        var resolved = options.Select(o => o
            .Replace("{missing}", database.MissingPath).Replace("{text}", database.TextFilePath).Replace("{empty}", database.EmptyFilePath)
            .Replace("{folder}", database.Folder).Replace("{json}", database.TablesJsonPath).Replace("{db}", database.DbPath)
            .Replace("{missingJson}", Path.Combine(database.Folder, "missing.json")).Replace("{brokenJson}", database.BrokenJsonPath)).ToArray();
        var result = await Check("SELECT name FROM singer\n", resolved);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.StdOut);
        Assert.StartsWith("nlq: error: ", result.StdErr);
        Assert.Contains(expected, result.StdErr);
        Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
    }

    [SharedDataFact]
    public async Task EverySpiderDevQueryOfOneDatabaseIsCompleteWithEveryPrefix()
    {
        var gold = File.ReadLines(Path.Combine(SharedData.SpiderDir, "dev_gold.sql"))
            .Select(l => l.Split('\t')).Where(p => p.Length == 2 && p[1] == "concert_singer").Select(p => p[0]).ToList();
        Assert.NotEmpty(gold);
        var db = Path.Combine(SharedData.SpiderDir, "database", "concert_singer", "concert_singer.sqlite");
        var result = await Check(string.Join('\n', gold) + "\n", "--db", db, "--prefixes");
        AssertRan(result, gold.Count);
        Assert.All(result.Lines.Zip(gold), pair => Assert.True(pair.First == "complete", $"{pair.Second}\n→ {pair.First}"));
    }
}
