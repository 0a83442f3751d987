using NlQuery.Sql;

namespace NlQuery.Tests.Sql;

public sealed class SqlParserTests
{
    private static readonly SqlParser Guards = new(SqlDialect.Sqlite, ParseMode.Guards, TestSchemas.Concert);
    private static readonly SqlParser Grammar = new(SqlDialect.Sqlite, ParseMode.Grammar);
    private static readonly SqlParser Lex = new(SqlDialect.Sqlite, ParseMode.Lex);
    private static readonly SqlParser TSql = new(SqlDialect.TSql, ParseMode.Guards, TestSchemas.Concert);

    private static void AssertComplete(SqlParser parser, string sql)
    {
        var result = parser.Parse(sql);
        Assert.True(result.Status == ParseStatus.Complete, $"{result} at {result.ErrorOffset}: {sql}");
    }

    private static ParseResult AssertInvalid(SqlParser parser, string sql, string reason)
    {
        var result = parser.Parse(sql);
        Assert.True(result.Status == ParseStatus.Invalid, $"expected invalid ({reason}), got {result}: {sql}");
        Assert.Contains(reason, result.Error, StringComparison.OrdinalIgnoreCase);
        return result;
    }

    [Theory]
    [InlineData("SELECT name, country, age FROM singer ORDER BY age DESC")]
    [InlineData("SELECT count(*) FROM singer")]
    [InlineData("select avg(age), min(age), max(age) from singer where country = 'France'")]
    [InlineData("SELECT T2.name, count(*) FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id = T2.stadium_id GROUP BY T1.stadium_id")]
    [InlineData("SELECT s.name FROM singer s LEFT JOIN singer_in_concert sic ON s.singer_id = sic.singer_id WHERE sic.concert_id IS NULL")]
    [InlineData("SELECT s.name FROM singer AS s LEFT OUTER JOIN singer_in_concert AS c ON s.singer_id = c.singer_id AND c.concert_id > 1")]
    [InlineData("SELECT a.name FROM singer AS a INNER JOIN singer_in_concert AS b ON a.singer_id = b.singer_id")]
    [InlineData("SELECT singer.name, stadium.name FROM singer CROSS JOIN stadium")]
    [InlineData("SELECT name FROM singer WHERE age IS NOT NULL AND country IS NULL")]
    [InlineData("SELECT CASE WHEN age > 30 THEN 'old' ELSE 'young' END AS band FROM singer")]
    [InlineData("SELECT CASE country WHEN 'France' THEN 1 WHEN 'Spain' THEN 2 END FROM singer")]
    [InlineData("SELECT CAST(age AS REAL) / 2, CAST(name AS VARCHAR(20)) FROM singer")]
    [InlineData("SELECT name FROM singer WHERE name LIKE '%a%' AND country NOT LIKE 'F%'")]
    [InlineData("SELECT name FROM singer WHERE age BETWEEN 20 AND 30 AND age NOT BETWEEN 25 AND 26")]
    [InlineData("SELECT name FROM singer WHERE country IN ('France', 'Spain') OR age NOT IN (1, 2)")]
    [InlineData("SELECT name FROM singer WHERE singer_id IN (SELECT singer_id FROM singer_in_concert)")]
    [InlineData("SELECT name FROM singer AS s WHERE EXISTS (SELECT 1 FROM singer_in_concert AS c WHERE c.singer_id = s.singer_id)")]
    [InlineData("SELECT name FROM singer WHERE age > (SELECT avg(age) FROM singer)")]
    [InlineData("SELECT count(*) FROM (SELECT country FROM singer GROUP BY country HAVING count(*) > 1)")]
    [InlineData("SELECT t.country FROM (SELECT country, age AS a FROM singer) AS t WHERE t.a != 1")]
    [InlineData("WITH young AS (SELECT name, age FROM singer WHERE age < 30) SELECT name FROM young ORDER BY age")]
    [InlineData("SELECT name FROM singer UNION SELECT name FROM stadium")]
    [InlineData("SELECT name FROM singer UNION ALL SELECT name FROM stadium ORDER BY name LIMIT 3")]
    [InlineData("SELECT name FROM singer INTERSECT SELECT name FROM stadium EXCEPT SELECT concert_name FROM concert")]
    [InlineData("SELECT name FROM singer ORDER BY age LIMIT 3 OFFSET 2")]
    [InlineData("SELECT name FROM singer LIMIT 2, 3")]
    [InlineData("SELECT count(DISTINCT country), lower(name), upper(name), length(name), substr(name, 1, 2), abs(age), round(age, 1) FROM singer GROUP BY name")]
    [InlineData("SELECT coalesce(name, country), ifnull(age, 0), strftime('%Y', 'now'), date('now') FROM singer")]
    [InlineData("SELECT \"Net Worth\", [Net Worth], `Net Worth` FROM singer")]
    [InlineData("SELECT \"select\" FROM \"order\"")]
    [InlineData("SELECT name FROM singer WHERE country = \"France\"")] // SQLite's double-quoted string fallback
    [InlineData("SELECT name FROM singer WHERE age <> 1 AND age != 2 AND age == 3 AND age >= 1.5")]
    [InlineData("SELECT name FROM singer WHERE name = 'O''Brien'")]
    [InlineData("SELECT name AS singer_name, age years FROM singer ORDER BY singer_name")]
    [InlineData("SELECT country, count(*) AS n FROM singer GROUP BY country HAVING n > 1 ORDER BY n DESC")]
    [InlineData("SELECT T1.*, T2.name FROM singer AS T1 JOIN stadium AS T2")]
    [InlineData("SELECT (SELECT count(*) FROM singer_in_concert AS c WHERE c.singer_id = s.singer_id) FROM singer AS s")]
    [InlineData("SELECT name FROM singer;")]
    [InlineData("  SELECT name FROM singer ;  ")]
    [InlineData("SELECT -age, +age, NOT age, age || name, age % 2 FROM singer")]
    public void AcceptsConstructs(string sql) => AssertComplete(Guards, sql);

    [Theory]
    // The classic guard cases.
    [InlineData("SELECT T1.name FROM singer AS T1 JOIN concert AS T2 ON T1.singer_id = T2.name ", "unknown column 'name' in table 'concert'")]
    [InlineData("SELECT name FROM singer JOIN stadium WHERE ", "ambiguous column name 'name'")]
    [InlineData("SELECT name FROM singer AS T1 WHERE T1.singer_id IN (SELECT T2.singer_id FROM singer_in_concert AS T2) AND T2.concert_id = 1", "'T2'")]
    [InlineData("SELECT name FROM singers", "table name starts with 'singers'")]
    [InlineData("SELECT name FROM singers WHERE", "unknown table 'singers'")]
    // More guards.
    [InlineData("SELECT nme FROM singer", "unknown column 'nme'")]
    [InlineData("SELECT name FROM singer WHERE nme = 1", "unknown column 'nme' in table 'singer'")]
    [InlineData("SELECT singer.name FROM singer AS s WHERE ", "unknown table or alias 'singer'")]
    [InlineData("SELECT name FROM singer AS a JOIN stadium AS a ", "duplicate table name or alias 'a'")]
    [InlineData("SELECT name FROM singer WHERE count(*) > 1", "misuse of aggregate")]
    [InlineData("SELECT max(count(*)) FROM singer", "nested")]
    [InlineData("SELECT country FROM singer GROUP BY count(*)", "not allowed in the GROUP BY")]
    [InlineData("SELECT substr(name) FROM singer", "wrong number of arguments to function substr()")]
    [InlineData("SELECT frobnicate(name) FROM singer", "unknown function 'frobnicate'")]
    [InlineData("SELECT name, age FROM singer UNION SELECT name FROM stadium ORDER ", "same number of result columns")]
    [InlineData("SELECT name FROM singer WHERE singer_id IN (SELECT singer_id, concert_id FROM singer_in_concert)", "sub-select returns 2 columns")]
    [InlineData("SELECT name FROM singer WHERE age = (SELECT * FROM singer)", "sub-select returns 6 columns")]
    [InlineData("SELECT name FROM singer UNION SELECT name FROM stadium ORDER BY age DESC", "does not match any column")]
    [InlineData("SELECT name FROM singer ORDER BY 2 DESC", "out of range")]
    [InlineData("SELECT name FROM singer HAVING age > 1 ORDER BY name", "HAVING clause on a non-aggregate query")]
    [InlineData("SELECT * WHERE 1", "no tables specified")]
    [InlineData("SELECT name FROM singer ORDER BY count(*)", "non-aggregate")]
    [InlineData("WITH a AS (SELECT 1), a AS (SELECT 2) SELECT * FROM a", "duplicate WITH table name")]
    [InlineData("SELECT x.name FROM (SELECT name FROM singer) AS x JOIN (SELECT x.name FROM stadium) AS y", "unknown table or alias 'x'")]
    [InlineData("SELECT name FROM singer JOIN stadium AS s ", "ambiguous column name 'name'")] // known as soon as a second table has it
    // Read-only by construction.
    [InlineData("DELETE FROM singer", "only SELECT")]
    [InlineData("INSERT INTO singer VALUES (1)", "only SELECT")]
    [InlineData("UPDATE singer SET age = 1", "only SELECT")]
    [InlineData("DROP TABLE singer", "only SELECT")]
    [InlineData("PRAGMA table_info(singer)", "only SELECT")]
    [InlineData("ATTACH 'x.db' AS x", "only SELECT")]
    [InlineData("BEGIN TRANSACTION", "only SELECT")]
    [InlineData("SELECT name FROM singer; DELETE FROM singer", "only one statement")]
    [InlineData("SELECT name FROM singer; SELECT 1", "only one statement")]
    [InlineData("SELECT name FROM singer -- comment", "comments are not allowed")]
    public void GuardsReject(string sql, string reason) => AssertInvalid(Guards, sql, reason);

    [Fact]
    public void ChecksThatNeedFromWaitUntilFromEnds()
    {
        // "T9" and "age" are fine while FROM is unknown: T9 may become an alias.
        var partial = Guards.Parse("SELECT T9.age FROM singer AS T1");
        Assert.Equal(ParseStatus.Partial, partial.Status);
        // ... but once FROM ends, T9 is known to be missing.
        AssertInvalid(Guards, "SELECT T9.age FROM singer AS T1 WHERE", "unknown table or alias 'T9'");
        Assert.Equal(ParseStatus.Complete, Guards.Parse("SELECT T9.age FROM singer AS T9").Status);
        // A name no table has is rejected at once, before FROM.
        AssertInvalid(Guards, "SELECT T1.agee", "no column starts with 'agee'");
        AssertInvalid(Guards, "SELECT T1.agee ", "unknown column 'T1.agee'");
    }

    [Fact]
    public void ErrorOffsetIsWhereTheTextBecameInvalid()
    {
        const string sql = "SELECT name FROM singer WHERE nmx = 1";
        var result = Guards.Parse(sql);
        Assert.Equal(ParseStatus.Invalid, result.Status);
        Assert.Equal(sql.IndexOf("nmx", StringComparison.Ordinal) + 1, result.ErrorOffset); // "n" could start name, "nm" cannot
        Assert.Equal("SELECT * FROMM".Length - 1, Guards.Parse("SELECT * FROMM singer").ErrorOffset);
    }

    [Fact]
    public void DeepNestingFailsCleanly()
    {
        var parens = "SELECT " + new string('(', 5000) + "1" + new string(')', 5000);
        AssertInvalid(Grammar, parens, "nested deeper than 200");
        Assert.Equal(ParseStatus.Complete, Grammar.Parse("SELECT " + new string('(', 150) + "1" + new string(')', 150)).Status);
        var cases = "SELECT " + string.Concat(Enumerable.Repeat("CASE WHEN 1 THEN ", 20000)) + "1" + string.Concat(Enumerable.Repeat(" END", 20000));
        Assert.Equal(ParseStatus.Complete, Grammar.Parse(cases).Status);
        var e = Record.Exception(() => Grammar.ParseStatement(cases));
        Assert.True(e is null or SqlParseException, e?.ToString());
        var nots = "SELECT " + string.Concat(Enumerable.Repeat("NOT ", 100000)) + "1";
        Assert.True(Record.Exception(() => Grammar.ParseStatement(nots)) is null or SqlParseException);
    }

    [Fact]
    public void GrammarModeIgnoresNamesButNotSyntax()
    {
        AssertComplete(Grammar, "SELECT nope FROM nowhere AS n WHERE n.x = frob(1, 2)");
        AssertInvalid(Grammar, "SELECT name FROM WHERE ", "expected a table name");
        Assert.Equal(ParseStatus.Partial, Grammar.Parse("SELECT name FROM WHERE").Status); // WHERE may still grow into a name
        AssertInvalid(Grammar, "SELECT name singer FROM ,", "expected a table name");
        AssertInvalid(Grammar, "SELECT name FROM t WHERE age BETWEEN 1 OR 2", "expected AND");
        AssertInvalid(Grammar, "SELECT (SELECT 1))", "unexpected ')'");
        Assert.Equal(ParseStatus.Partial, Grammar.Parse("SELECT (SELECT 1").Status);
        Assert.Equal(ParseStatus.Partial, Grammar.Parse("SELECT name FROM t WHERE (a = 1").Status);
    }

    [Fact]
    public void LexModeOnlyChecksTokens()
    {
        AssertComplete(Lex, "FROM FROM SELECT ) (");
        Assert.Equal(ParseStatus.Partial, Lex.Parse("SELECT 'unterminated").Status);
        Assert.Equal(ParseStatus.Partial, Lex.Parse("").Status);
        AssertInvalid(Lex, "SELECT #", "unexpected character '#'");
        AssertInvalid(Lex, "SELECT 12ab", "malformed number");
    }

    [Fact]
    public void TSqlDialectHasTopBracketsAndOffsetFetch()
    {
        AssertComplete(TSql, "SELECT TOP 3 [name] FROM [singer] ORDER BY age DESC");
        AssertComplete(TSql, "SELECT DISTINCT TOP (5) \"name\" FROM singer");
        AssertComplete(TSql, "SELECT name FROM singer ORDER BY age OFFSET 2 ROWS FETCH NEXT 3 ROWS ONLY");
        AssertComplete(TSql, "SELECT len(name), isnull(age, 0), name + country FROM singer");
        AssertInvalid(TSql, "SELECT name FROM singer LIMIT 3", "unexpected");
        AssertInvalid(TSql, "SELECT name FROM singer WHERE country = \"France\"", "unknown column 'France'");
        AssertInvalid(TSql, "SELECT name FROM singer WHERE name IN (SELECT name FROM stadium ORDER BY name)", "TOP or OFFSET");
        AssertInvalid(TSql, "SELECT `name` FROM singer", "unexpected character");
    }

    [Fact]
    public void GuardsNeedASchema()
    {
        var e = Assert.Throws<ArgumentException>(() => new SqlParser(SqlDialect.Sqlite, ParseMode.Guards));
        Assert.Contains("schema", e.Message);
        Assert.Throws<ArgumentNullException>(() => new SqlParser(null!, ParseMode.Lex));
    }

    [Fact]
    public void ParseStatementBuildsTheTree()
    {
        var statement = Guards.ParseStatement("SELECT T1.name AS n, count(*) FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id WHERE T1.age BETWEEN 20 AND 30 GROUP BY T1.name ORDER BY count(*) DESC LIMIT 3");
        var core = Assert.Single(statement.Query.Cores);
        Assert.Equal("n", core.Columns[0].Alias);
        Assert.Equal(new ColumnExpression("T1", "name"), core.Columns[0].Expression);
        Assert.Equal(new FunctionExpression("count", false, [], IsStar: true) with { Arguments = ((FunctionExpression)core.Columns[1].Expression!).Arguments },
            core.Columns[1].Expression);
        Assert.Equal(2, core.From.Count);
        Assert.Equal(JoinKind.Join, core.From[1].Join);
        Assert.Equal("T2", core.From[1].Alias);
        Assert.IsType<BinaryExpression>(core.From[1].On);
        Assert.IsType<BetweenExpression>(core.Where);
        Assert.True(statement.Query.OrderBy[0].Descending);
        Assert.Equal(new LiteralExpression(LiteralKind.Integer, "3"), statement.Query.Limit);
    }

    [Fact]
    public void ParseStatementGroupsOperatorsAsSqliteDoes()
    {
        var where = Guards.ParseStatement("SELECT name FROM singer WHERE age BETWEEN 1 AND 2 < 3 OR NOT age = 1 AND name LIKE 'a' || 'b'").Query.Cores[0].Where;
        var or = Assert.IsType<BinaryExpression>(where);
        Assert.Equal("OR", or.Operator);
        var between = Assert.IsType<BetweenExpression>(or.Left);
        Assert.Equal(new BinaryExpression(new LiteralExpression(LiteralKind.Integer, "2"), "<", new LiteralExpression(LiteralKind.Integer, "3")), between.High);
        var and = Assert.IsType<BinaryExpression>(or.Right);
        Assert.Equal("AND", and.Operator);
        Assert.IsType<UnaryExpression>(and.Left);
        var like = Assert.IsType<BinaryExpression>(and.Right);
        Assert.Equal("LIKE", like.Operator);
        Assert.Equal("||", Assert.IsType<BinaryExpression>(like.Right).Operator);
    }

    [Fact]
    public void ParseStatementThrowsWithReasonAndOffset()
    {
        var e = Assert.Throws<SqlParseException>(() => Guards.ParseStatement("SELECT name FROM singerz"));
        Assert.Equal("SELECT name FROM ".Length + "singer".Length, e.Offset);
        Assert.Contains("singerz", e.Message);
        var incomplete = Assert.Throws<SqlParseException>(() => Guards.ParseStatement("SELECT name FROM"));
        Assert.Contains("incomplete", incomplete.Message);
        Assert.Equal("SELECT name FROM".Length, incomplete.Offset);
    }

    [Theory]
    [InlineData("tsql", "SELECT NEXT(age) FROM singer")]
    [InlineData("tsql", "SELECT ONLY(age) FROM singer WHERE ONLY(age) > 1")]
    [InlineData("postgresql", "SELECT ROWS(age) FROM singer ORDER BY NEXT(age)")]
    public void KeywordNamedCallsAcceptedInGrammarModeBuildFunctionNodes(string dialect, string sql)
    {
        // The incremental parser accepts any call in Grammar mode; the tree builder must agree, not throw.
        var parser = new SqlParser(SqlDialect.FromName(dialect), ParseMode.Grammar);
        AssertComplete(parser, sql);
        var statement = parser.ParseStatement(sql);
        Assert.IsType<FunctionExpression>(statement.Query.Cores[0].Columns[0].Expression);
        AssertComplete(parser, parser.Dialect.Print(statement));
    }

    [Theory]
    [InlineData("SELECT name FROM singer WHERE age IN (SELECT age FROM singer) > 2013", ">")]
    [InlineData("SELECT name FROM singer WHERE age NOT IN (1, 2) + 3 = 4", "=")]
    [InlineData("SELECT name FROM singer WHERE age IN (1, 2) * 3 <= 4 AND name = 'x'", "AND")]
    public void OperatorsAfterInTakeTheInAsTheirLeftOperandAsSqliteDoes(string sql, string rootOperator)
    {
        AssertComplete(Guards, sql);
        var where = Assert.IsType<BinaryExpression>(Guards.ParseStatement(sql).Query.Cores[0].Where);
        Assert.Equal(rootOperator, where.Operator);
        var printed = SqlDialect.Sqlite.Print(Guards.ParseStatement(sql));
        Assert.Equal(sql, printed);
    }

    [Theory]
    [InlineData("sqlite", "SELECT name AS '' FROM singer")]
    [InlineData("sqlite", "SELECT name '' FROM singer")]
    [InlineData("sqlite", "SELECT name AS \"\" FROM singer")]
    [InlineData("sqlite", "SELECT name AS [] FROM singer")]
    [InlineData("sqlite", "SELECT name FROM singer AS \"\" WHERE age > 1")]
    [InlineData("sqlite", "SELECT [] FROM singer")]
    [InlineData("tsql", "SELECT name AS [] FROM singer")]
    [InlineData("tsql", "SELECT \"\" FROM singer")]
    [InlineData("postgresql", "SELECT name AS \"\" FROM singer")]
    [InlineData("sqlite", "SELECT name FROM singer WHERE \"\".age = 1")]
    [InlineData("sqlite", "SELECT \"\".age FROM singer")]
    public void EmptyIdentifiersAndAliasesAreRefused(string dialect, string sql)
    {
        foreach (var mode in new[] { ParseMode.Grammar, ParseMode.Guards })
        {
            var parser = new SqlParser(SqlDialect.FromName(dialect), mode, TestSchemas.Concert);
            AssertInvalid(parser, sql, "empty");
            Assert.Throws<SqlParseException>(() => parser.ParseStatement(sql));
        }
    }

    [Fact]
    public void AnEmptyQuoteStillBeingTypedMayGrowIntoAnAlias()
    {
        // Two quotes may be the start of an escaped quote: only a finished empty alias is refused, so a prefix that
        // ends there stays partial and the rest of the text decides.
        var state = Grammar.Start.Extend("SELECT name ''").State!;
        Assert.Equal(ParseStatus.Partial, Grammar.Start.Extend("SELECT name ''").Status);
        Assert.Equal(ParseStatus.Complete, state.Extend("'x' FROM singer").Status);
        Assert.Equal(ParseStatus.Invalid, state.Extend(" FROM singer").Status);
        Assert.Equal(ParseStatus.Partial, Grammar.Start.Extend("SELECT name AS [").Status);
    }

    [Fact]
    public void EmptyDoubleQuotedOperandStaysSqlitesEmptyString()
    {
        const string sql = "SELECT name FROM singer WHERE name != \"\"";
        AssertComplete(Guards, sql);
        Assert.Equal("SELECT name FROM singer WHERE name != ''", SqlDialect.Sqlite.Print(Guards.ParseStatement(sql)));
    }
}
