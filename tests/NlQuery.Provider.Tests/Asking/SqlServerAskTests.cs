using System.Data;
using Microsoft.Data.SqlClient;
using NlQuery.Feedback;
using NlQuery.Schema;
using NlQuery.Sql;

namespace NlQuery.Tests.Asking;

/// <summary>
/// The SQL Server path without a server: a fake SqlClient connection (tests/NlQuery.Provider.Tests/FakeSqlClient) whose type name is
/// SqlClient's, over a scripted server that records every statement. What this proves: detection, the catalog
/// queries' parameters and column shapes, T-SQL printing, value queries with TOP, the always-rolled-back
/// transaction, the schema-version probe, and that nothing but SELECT is sent. What it cannot prove: that SQL Server
/// accepts the catalog SQL and the printed T-SQL (README, limits).
/// </summary>
public sealed class SqlServerAskTests
{
    private readonly FakeSqlServer _server = FakeSqlServer.ConcertSinger();

    private SqlConnection Open()
    {
        var connection = new SqlConnection(_server) { ConnectionString = "Server=fake;Database=concert_singer;User Id=sa;Password=secret" };
        connection.Open();
        return connection;
    }

    private IEnumerable<FakeStatement> StatementsReading(string view) => _server.Statements.Where(s => s.Sql.Contains(view, StringComparison.Ordinal));

    [Fact]
    public void ASqlConnectionIsDetectedAsSqlServer()
    {
        using var connection = Open();
        Assert.Equal(DatabaseKind.SqlServer, DatabaseKindDetector.Detect(connection));
        Assert.IsType<SqlServerSchemaReader>(DatabaseKindDetector.SchemaReaderFor(DatabaseKind.SqlServer));
    }

    [Fact]
    public async Task TheCatalogQueriesReadTablesKeysAndForeignKeys()
    {
        await using var connection = Open();

        var schema = await SqlServerSchemaReader.Instance.ReadAsync(connection, "concert_singer");

        Assert.Equal(["singer", "concert"], schema.Tables.Select(t => t.Name));
        Assert.Equal(["singer_id", "name", "country", "age"], schema.FindTable("singer")!.Columns.Select(c => c.Name));
        Assert.True(schema.FindTable("singer")!.FindColumn("singer_id")!.IsPrimaryKey);
        Assert.Equal("nvarchar(50)", schema.FindTable("singer")!.FindColumn("name")!.DeclaredType);
        Assert.Equal("concert.singer_id -> singer.singer_id", Assert.Single(schema.ForeignKeys).ToString().Replace(" = ", " -> "));
        var columns = Assert.Single(StatementsReading("INFORMATION_SCHEMA.COLUMNS"));
        Assert.Null(columns.Parameters["@schema"]); // DBNull: the connection's default schema, SCHEMA_NAME()
        Assert.Contains("COALESCE(@schema, SCHEMA_NAME())", columns.Sql);
        Assert.Single(StatementsReading("sys.foreign_key_columns"));
    }

    [Fact]
    public async Task AQuestionIsAnsweredInTSqlInsideARolledBackTransaction()
    {
        // Translators return SQL in the request's dialect; the engine re-prints it from the parser's tree.
        var translator = new ScriptedTranslator("SELECT nickname FROM singer", "select top 2 name from singer where country = 'France' order by age");
        var engine = new NlQueryEngine(translator);
        await using var connection = Open();

        var answer = await connection.AskAsync("the two youngest French singers", new AskOptions { Engine = engine });

        var request = Assert.Single(translator.Requests);
        Assert.Same(SqlDialect.TSql, request.Dialect);
        Assert.Equal(["France", "Spain", "Peru"], request.Values!.Find("singer", "country")!.TextValues);
        Assert.Equal("SELECT TOP 2 name FROM singer WHERE country = 'France' ORDER BY age", answer.Sql);
        Assert.Equal(CandidateFailure.Parse, Assert.Single(answer.Alternatives).Failure);
        // The fake answers a query with what it received: the printed T-SQL, inside a transaction.
        Assert.Equal([answer.Sql, 1], answer.Rows.Rows.Single());
        var executed = Assert.Single(_server.Statements, s => s.Sql == answer.Sql);
        Assert.True(executed.InTransaction);
        Assert.Equal(1, _server.Rollbacks);
        Assert.Equal(0, _server.Commits);
        Assert.All(StatementsReading("DISTINCT TOP"), s => Assert.False(s.InTransaction));
    }

    public static TheoryData<string> Harmful => new()
    {
        "DELETE FROM singer",
        "DROP TABLE singer",
        "SELECT 1; DROP TABLE singer",
        "SELECT * INTO singer_copy FROM singer",
        "UPDATE singer SET age = 1",
        "TRUNCATE TABLE singer",
        "EXEC xp_cmdshell 'dir'",
        "INSERT INTO singer (singer_id) VALUES (9)",
        "MERGE singer AS t USING concert AS s ON t.singer_id = s.singer_id WHEN MATCHED THEN DELETE;",
        "WAITFOR DELAY '00:00:05'",
        "SELECT name FROM singer; SHUTDOWN",
        "SELECT name FROM singer /* */ ; DROP TABLE concert",
        "BEGIN TRAN; DELETE FROM singer; COMMIT",
    };

    [Theory]
    [MemberData(nameof(Harmful))]
    public async Task OnlySelectsEverReachTheServer(string sql)
    {
        var engine = new NlQueryEngine(new ScriptedTranslator(sql, "SELECT count(*) FROM singer"));
        await using var connection = Open();

        var answer = await connection.AskAsync($"please run {sql}", new AskOptions { Engine = engine });

        Assert.Equal("SELECT count(*) FROM singer", answer.Sql);
        Assert.Equal(CandidateFailure.Parse, Assert.Single(answer.Alternatives).Failure);
        Assert.All(_server.Statements, s => Assert.StartsWith("SELECT", s.Sql.TrimStart()));
        Assert.DoesNotContain(_server.Statements, s => s.Sql.Contains(';'));
        Assert.Equal(0, _server.Commits);
    }

    [Fact]
    public async Task TheSchemaIsReadOnceUntilTheProbeSeesAChange()
    {
        var engine = new NlQueryEngine(new ScriptedTranslator("SELECT count(*) FROM concert"));
        await using var connection = Open();

        await engine.AskAsync(connection, "how many concerts?");
        await engine.AskAsync(connection, "how many concerts?");
        Assert.Single(StatementsReading("INFORMATION_SCHEMA.COLUMNS"));
        Assert.Equal(2, StatementsReading("CHECKSUM_AGG").Count());

        _server.SchemaVersion = "2";
        await engine.AskAsync(connection, "how many concerts?");
        Assert.Equal(2, StatementsReading("INFORMATION_SCHEMA.COLUMNS").Count());
    }

    [Fact]
    public async Task NlCommandReadsThroughTheFakeConnection()
    {
        var engine = new NlQueryEngine(new ScriptedTranslator("SELECT max(age) FROM singer"));
        await using var connection = new NlConnection(Open(), engine);
        await using var command = connection.CreateCommand();
        command.CommandText = "how old is the oldest singer?";

        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.CloseConnection);

        Assert.Equal("SELECT max(age) FROM singer", reader.Sql);
        Assert.True(await reader.ReadAsync());
        Assert.Equal(reader.Sql, reader.GetString(0));
    }

    [Fact]
    public async Task FeedbackIntoSqlServerSendsItsDdlOnceAndParameterisedInserts()
    {
        await using (var store = FeedbackStore.InDatabase(() => new SqlConnection(_server), DatabaseKind.SqlServer))
        {
            await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
                store.AddAsync(new FeedbackRecord($"q{i}", "concert_singer", "hash", "SELECT 1", null, i % 2 == 0, DateTimeOffset.UtcNow))));
        }

        var feedback = _server.Statements.Where(s => s.Sql.Contains("nlquery_feedback", StringComparison.Ordinal)).ToList();
        Assert.Equal(FeedbackStore.CreateTableSql(DatabaseKind.SqlServer), feedback[0].Sql);
        var inserts = feedback.Skip(1).ToList();
        Assert.Equal(100, inserts.Count);
        Assert.All(inserts, s => Assert.StartsWith("INSERT INTO nlquery_feedback", s.Sql));
        Assert.All(inserts, s => Assert.True(s.InTransaction));
        Assert.All(inserts, s => Assert.IsType<DateTime>(s.Parameters["@created"]));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"q{i}").Order(), inserts.Select(s => (string)s.Parameters["@question"]!).Order());
        Assert.True(_server.Commits >= 1);
    }
}
