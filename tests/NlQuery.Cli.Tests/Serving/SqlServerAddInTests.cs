using NlQuery.SqlServer;
using NlQuery.Tests.Asking;

namespace NlQuery.Cli.Tests.Serving;

/// <summary>The SQL Server add-in's own client (what <c>dbo.nl_ask</c> runs) against the real <c>nlq serve</c> on 127.0.0.1.</summary>
public sealed class SqlServerAddInTests
{
    private const string CustomersPerCountry = "SELECT country, count(*) FROM customers GROUP BY country ORDER BY country";

    [Fact]
    public async Task The_add_in_gets_the_sql_columns_and_rows_it_reads()
    {
        var sample = Path.Combine(NlQuery.Tests.SharedData.RepositoryRoot, "samples", "shop.db");
        await using var host = await ServeHost.StartOnLoopbackAsync(new ScriptedTranslator(CustomersPerCountry), sample);
        var client = new NlServiceClient(new NlServiceOptions(host.Client.BaseAddress!, TimeSpan.FromSeconds(60)));
        var expected = await ServeHost.JsonAsync(await host.PostAsync("/api/sql", new { sql = CustomersPerCountry }));

        var answer = await Task.Run(() => client.Ask("How many customers live in each country?", "shop"));

        Assert.Equal(CustomersPerCountry, answer.Sql);
        Assert.Equal(["country", "count(*)"], answer.Columns);
        Assert.Equal(expected.GetProperty("rows").GetArrayLength(), answer.Rows.Count);
        Assert.Equal(expected.GetProperty("rows")[0][0].GetString(), answer.Rows[0][0]);
        Assert.Equal(expected.GetProperty("rows")[0][1].GetInt64(), answer.Rows[0][1]);

        var refused = await Assert.ThrowsAsync<NlServiceException>(() => Task.Run(() => client.Ask("How many customers?", "payroll")));
        Assert.Contains("this server answers questions about 'shop', not 'payroll'", refused.Message);
    }
}
