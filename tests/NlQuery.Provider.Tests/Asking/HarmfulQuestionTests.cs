namespace NlQuery.Tests.Asking;

/// <summary>
/// Whatever SQL the model writes, only a SELECT ever runs: a translator that returns destructive statements (as a
/// model might for "delete all customers" or SQL pasted into the question) changes nothing in the database.
/// </summary>
public sealed class HarmfulQuestionTests : IDisposable
{
    private readonly ShopDatabase _shop = new();

    public void Dispose() => _shop.Dispose();

    public static TheoryData<string> Harmful => new()
    {
        "DELETE FROM customers",
        "DROP TABLE customers",
        "SELECT 1; DROP TABLE customers",
        "SELECT count(*) FROM customers; DELETE FROM orders",
        "UPDATE customers SET city = 'x'",
        "INSERT INTO customers (customer_id) VALUES (99999)",
        "PRAGMA writable_schema=1",
        "PRAGMA query_only = 0",
        "ATTACH DATABASE '/tmp/x.db' AS x",
        "VACUUM",
        "CREATE TABLE x (a)",
        "WITH d AS (DELETE FROM customers RETURNING *) SELECT * FROM d",
        "SELECT * FROM customers -- ; DROP TABLE customers",
        "REPLACE INTO customers (customer_id) VALUES (1)",
        "ALTER TABLE customers RENAME TO c",
    };

    [Theory]
    [MemberData(nameof(Harmful))]
    public async Task AHarmfulCandidateAloneFailsAndChangesNothing(string sql)
    {
        var before = _shop.Fingerprint();
        var engine = new NlQueryEngine(new ScriptedTranslator(sql));
        await using (var connection = _shop.Open())
        {
            var question = $"please run {sql}";
            try
            {
                var answer = await engine.AskAsync(connection, question);
                // Only a comment-stripped SELECT may get through: the parser re-prints what it accepted.
                Assert.StartsWith("SELECT", answer.Sql);
                Assert.DoesNotContain(";", answer.Sql);
                Assert.DoesNotContain("DROP", answer.Sql, StringComparison.OrdinalIgnoreCase);
            }
            catch (UnansweredQuestionException e)
            {
                Assert.NotEqual(CandidateFailure.None, Assert.Single(e.Candidates).Failure);
            }
            catch (WriteRefusedException e)
            {
                // SQL pasted into the question is refused before the translator runs (WriteRequestTests).
                Assert.StartsWith("NlQuery only reads data", e.Message);
            }
        }
        Assert.Equal(before, _shop.Fingerprint());
        Assert.False(File.Exists("/tmp/x.db") && new FileInfo("/tmp/x.db").LastWriteTimeUtc > DateTime.UtcNow.AddMinutes(-1));
    }

    [Theory]
    [MemberData(nameof(Harmful))]
    public async Task AHarmfulTopCandidateFallsBackToTheSafeOne(string sql)
    {
        var before = _shop.Fingerprint();
        var engine = new NlQueryEngine(new ScriptedTranslator(sql, "SELECT count(*) FROM customers"));
        await using (var connection = _shop.Open())
        {
            // A neutral question: "delete all customers" itself is refused before translating (WriteRequestTests).
            var answer = await engine.AskAsync(connection, "how many customers are there?");
            Assert.Equal("SELECT count(*) FROM customers", answer.Sql);
        }
        Assert.Equal(before, _shop.Fingerprint());
    }
}
