using NlQuery.Schema;
using NlQuery.Sql;

namespace NlQuery.Tests.Sql;

public sealed class SqlDialectTests
{
    private static readonly SqlParser Sqlite = new(SqlDialect.Sqlite, ParseMode.Guards, TestSchemas.Concert);
    private static readonly SqlParser TSql = new(SqlDialect.TSql, ParseMode.Guards, TestSchemas.Concert);

    [Fact]
    public void EachDatabaseKindHasTheDialectNlQueryWritesForIt()
    {
        Assert.Same(SqlDialect.Sqlite, SqlDialect.For(DatabaseKind.Sqlite));
        Assert.Same(SqlDialect.TSql, SqlDialect.For(DatabaseKind.SqlServer));
        Assert.Same(SqlDialect.PostgreSql, SqlDialect.For(DatabaseKind.PostgreSql));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqlDialect.For((DatabaseKind)42));
    }

    [Fact]
    public void FindsDialectsByNameAndListsTheValidOnes()
    {
        Assert.Same(SqlDialect.Sqlite, SqlDialect.FromName("sqlite"));
        Assert.Same(SqlDialect.TSql, SqlDialect.FromName("TSQL"));
        Assert.Equal("sqlite", SqlDialect.Sqlite.Name);
        Assert.Equal("tsql", SqlDialect.TSql.Name);
        var e = Assert.Throws<ArgumentException>(() => SqlDialect.FromName("oracle"));
        Assert.Contains("'oracle'", e.Message);
        Assert.Contains("sqlite, tsql, postgresql", e.Message);
        Assert.Same(SqlDialect.PostgreSql, SqlDialect.FromName("PostgreSQL"));
    }

    [Theory]
    [InlineData("SELECT \"Net Worth\" FROM singer WHERE country = \"France\" AND age == 1 LIMIT 3", "SELECT \"Net Worth\" FROM singer WHERE country = 'France' AND age = 1 LIMIT 3")]
    [InlineData("SELECT name || country, ifnull(age, 0) FROM singer LIMIT 5, 3", "SELECT name || country, coalesce(age, 0) FROM singer LIMIT 3 OFFSET 5")]
    [InlineData("SELECT [select] FROM [order] LIMIT -1 OFFSET 2", "SELECT \"select\" FROM \"order\" OFFSET 2")]
    public void PrintsSqliteAsPostgreSql(string sqlite, string postgres)
    {
        var printed = SqlDialect.PostgreSql.Print(Sqlite.ParseStatement(sqlite));
        Assert.Equal(postgres, printed);
        Assert.Equal(ParseStatus.Complete, new SqlParser(SqlDialect.PostgreSql, ParseMode.Guards, TestSchemas.Concert).Parse(printed).Status);
    }

    [Theory]
    [InlineData("SELECT [name] FROM singer", "unexpected character '['")]
    [InlineData("SELECT name FROM singer WHERE age == 1", "expected an expression")]
    [InlineData("SELECT name FROM singer WHERE name = \"France\"", "unknown column 'France'")]
    [InlineData("SELECT name FROM singer LIMIT 1, 2", "unexpected ','")]
    public void PostgreSqlRefusesOtherDialectsSyntax(string sql, string reason)
    {
        var result = new SqlParser(SqlDialect.PostgreSql, ParseMode.Guards, TestSchemas.Concert).Parse(sql);
        Assert.Equal(ParseStatus.Invalid, result.Status);
        Assert.Contains(reason, result.Error);
    }

    [Theory]
    [InlineData("SELECT name FROM singer ORDER BY age DESC LIMIT 3", "SELECT TOP 3 name FROM singer ORDER BY age DESC")]
    [InlineData("SELECT name FROM singer ORDER BY age LIMIT 3 OFFSET 5", "SELECT name FROM singer ORDER BY age OFFSET 5 ROWS FETCH NEXT 3 ROWS ONLY")]
    [InlineData("SELECT name FROM singer LIMIT 5, 3", "SELECT name FROM singer ORDER BY (SELECT NULL) OFFSET 5 ROWS FETCH NEXT 3 ROWS ONLY")]
    [InlineData("SELECT \"Net Worth\" FROM singer WHERE country = \"France\"", "SELECT [Net Worth] FROM singer WHERE country = 'France'")]
    [InlineData("SELECT length(name), substr(name, 1, 2), ifnull(age, 0), name || country FROM singer WHERE age == 1",
        "SELECT LEN(name), SUBSTRING(name, 1, 2), ISNULL(age, 0), name + country FROM singer WHERE age = 1")]
    [InlineData("SELECT T1.name FROM singer AS T1 WHERE T1.age != 3 AND T1.name = 'O''Brien'", "SELECT T1.name FROM singer AS T1 WHERE T1.age <> 3 AND T1.name = 'O''Brien'")]
    [InlineData("SELECT \"select\" FROM \"order\"", "SELECT [select] FROM [order]")]
    public void PrintsSqliteAsTSql(string sqlite, string tsql)
    {
        var printed = SqlDialect.TSql.Print(Sqlite.ParseStatement(sqlite));
        Assert.Equal(tsql, printed);
        Assert.Equal(ParseStatus.Complete, TSql.Parse(printed).Status);
    }

    [Theory]
    [InlineData("SELECT TOP 3 name FROM singer ORDER BY age DESC", "SELECT name FROM singer ORDER BY age DESC LIMIT 3")]
    [InlineData("SELECT [Net Worth] FROM singer ORDER BY age OFFSET 2 ROWS", "SELECT \"Net Worth\" FROM singer ORDER BY age LIMIT -1 OFFSET 2")]
    public void PrintsTSqlAsSqlite(string tsql, string sqlite)
    {
        var printed = SqlDialect.Sqlite.Print(TSql.ParseStatement(tsql));
        Assert.Equal(sqlite, printed);
        Assert.Equal(ParseStatus.Complete, Sqlite.Parse(printed).Status);
    }

    [Fact]
    public void PrintingInTheSameDialectKeepsTheStatement()
    {
        const string sql = "WITH a AS (SELECT name, age FROM singer) SELECT DISTINCT a.name, CASE WHEN a.age > 3 THEN 'x' ELSE NULL END AS k FROM a WHERE a.age IN (SELECT age FROM singer WHERE NOT age IS NULL) AND EXISTS (SELECT 1 FROM stadium) UNION SELECT name, CAST(capacity AS TEXT) FROM stadium ORDER BY 1";
        var printed = SqlDialect.Sqlite.Print(Sqlite.ParseStatement(sql));
        Assert.Equal(sql, printed);
    }

    [Theory]
    [InlineData("SELECT name FROM singer WHERE age > - -5", "SELECT name FROM singer WHERE age > - -5")]
    [InlineData("SELECT name FROM singer WHERE age > -(-5)", "SELECT name FROM singer WHERE age > -(-5)")]
    [InlineData("SELECT - - - age, + -age, - +age FROM singer", "SELECT - - -age, + -age, - +age FROM singer")]
    [InlineData("SELECT age - -5, age / - -2 FROM singer", "SELECT age - -5, age / - -2 FROM singer")]
    public void ConsecutiveSignsNeverGlueIntoAComment(string sql, string expected)
    {
        foreach (var dialect in SqlDialect.All)
        {
            var parser = new SqlParser(dialect, ParseMode.Guards, TestSchemas.Concert);
            var printed = dialect.Print(Sqlite.ParseStatement(sql));
            Assert.Equal(expected, printed);
            Assert.DoesNotContain("--", printed);
            Assert.Equal(ParseStatus.Complete, parser.Parse(printed).Status);
        }
    }

    [Theory]
    [InlineData("SELECT count() FROM singer", "SELECT count(*) FROM singer")]
    [InlineData("SELECT name FROM singer WHERE age IN (SELECT age FROM singer ORDER BY age)",
        "SELECT name FROM singer WHERE age IN (SELECT age FROM singer ORDER BY age OFFSET 0 ROWS)")]
    [InlineData("SELECT * FROM (SELECT name FROM singer ORDER BY name DESC) AS t",
        "SELECT * FROM (SELECT name FROM singer ORDER BY name DESC OFFSET 0 ROWS) AS t")]
    [InlineData("SELECT * FROM (SELECT name FROM singer ORDER BY name LIMIT 2)",
        "SELECT * FROM (SELECT TOP 2 name FROM singer ORDER BY name)")]
    [InlineData("SELECT name FROM singer UNION SELECT name FROM stadium LIMIT 5 OFFSET 10",
        "SELECT name FROM singer UNION SELECT name FROM stadium ORDER BY 1 OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY")]
    public void PrintsSqliteOnlyFormsAsValidTSql(string sqlite, string tsql)
    {
        var printed = SqlDialect.TSql.Print(Sqlite.ParseStatement(sqlite));
        Assert.Equal(tsql, printed);
        Assert.Equal(ParseStatus.Complete, TSql.Parse(printed).Status);
    }

    [Theory]
    [InlineData("SELECT strftime('%Y', 'now') FROM singer", "strftime")]
    [InlineData("SELECT date('now') FROM singer", "date")]
    [InlineData("SELECT name FROM singer WHERE julianday('now') > 1", "julianday")]
    [InlineData("SELECT round(age) FROM singer", "round")]
    public void RefusesToPrintFunctionsTheTargetLacks(string sql, string function)
    {
        var statement = new SqlParser(SqlDialect.Sqlite, ParseMode.Grammar).ParseStatement(sql);
        var e = Assert.Throws<NotSupportedException>(() => SqlDialect.TSql.Print(statement));
        Assert.Contains(function, e.Message);
        Assert.Contains("tsql", e.Message);
    }

    [Theory]
    [InlineData("SELECT top(*) FROM t", "top()")]
    [InlineData("SELECT top() FROM t", "top()")]
    public void RefusesToPrintACallNamedByATargetKeyword(string postgres, string function)
    {
        // PostgreSQL's Grammar mode reads top(*) as a call; T-SQL would read TOP (*) as a row limit.
        var statement = new SqlParser(SqlDialect.PostgreSql, ParseMode.Grammar).ParseStatement(postgres);
        var e = Assert.Throws<NotSupportedException>(() => SqlDialect.TSql.Print(statement));
        Assert.Contains(function, e.Message);
    }

    [Fact]
    public void PrintsAnyCallBackInItsOwnDialect()
    {
        // Grammar mode accepts any name; printed in the dialect it came from, a call stays as written.
        var parser = new SqlParser(SqlDialect.TSql, ParseMode.Grammar);
        const string sql = "SELECT strftime('%Y', x), date(y) FROM t";
        Assert.Equal(sql, SqlDialect.TSql.Print(parser.ParseStatement(sql)));
    }
}
