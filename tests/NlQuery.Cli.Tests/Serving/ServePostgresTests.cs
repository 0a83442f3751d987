using Npgsql;
using NlQuery.Tests;
using NlQuery.Tests.Asking;

namespace NlQuery.Cli.Tests.Serving;

/// <summary><c>nlq serve</c> over a real PostgreSQL server: questions, SQL accepted and refused, feedback into the database.</summary>
public sealed class ServePostgresTests
{
    private const string PetsPerOwner =
        "SELECT o.name, count(*) FROM owners AS o JOIN pets AS p ON o.owner_id = p.owner_id GROUP BY o.name ORDER BY o.name";

    private static async Task CreateShopAsync(PostgresServer server)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE owners (owner_id integer PRIMARY KEY, name text NOT NULL, city text NOT NULL);
            CREATE TABLE pets (pet_id integer PRIMARY KEY, owner_id integer REFERENCES owners (owner_id), kind text NOT NULL);
            INSERT INTO owners VALUES (1, 'Ana', 'Lisbon'), (2, 'Ben', 'Leeds'), (3, 'Chen', 'Lisbon');
            INSERT INTO pets VALUES (1, 1, 'cat'), (2, 1, 'dog'), (3, 3, 'cat');
            """;
        await command.ExecuteNonQueryAsync();
    }

    [PostgresFact]
    public async Task Asks_runs_sql_and_refuses_writes_on_postgresql()
    {
        using var server = new PostgresServer();
        await CreateShopAsync(server);
        await using var host = await ServeHost.StartAsync(server.ConnectionString(), null, new ScriptedTranslator("SELECT owners.nickname FROM owners", PetsPerOwner));

        var answer = await ServeHost.JsonAsync(await host.PostAsync("/api/ask", new { question = "how many pets does each owner have?", database = "postgres" }));
        Assert.Equal(PetsPerOwner, answer.GetProperty("sql").GetString());
        Assert.Equal("Ana", answer.GetProperty("rows")[0][0].GetString());
        Assert.Equal(2, answer.GetProperty("rows")[0][1].GetInt64());
        Assert.Equal("parse", answer.GetProperty("alternatives")[0].GetProperty("skipped").GetString());

        var rows = await ServeHost.JsonAsync(await host.PostAsync("/api/sql", new { sql = "SELECT kind, count(*) FROM pets GROUP BY kind ORDER BY kind" }));
        Assert.Equal("cat", rows.GetProperty("rows")[0][0].GetString());
        await ServeHost.ProblemAsync(await host.PostAsync("/api/sql", new { sql = "DELETE FROM pets" }), 422, "only SELECT");
        await ServeHost.ProblemAsync(await host.PostAsync("/api/sql", new { sql = "SELECT age FROM pets" }), 422, "age");

        var schema = await ServeHost.JsonAsync(await host.SendAsync(HttpMethod.Get, "/api/schema?question=pets%20of%20owners%20in%20Lisbon"));
        Assert.Contains("owners", schema.GetProperty("summary").GetProperty("tables").EnumerateArray().Where(t => t.GetProperty("kept").GetBoolean()).Select(t => t.GetProperty("name").GetString()));

        var stored = await ServeHost.JsonAsync(await host.PostAsync("/api/feedback", new { answer = answer.GetProperty("answer").GetString(), good = true }));
        Assert.Equal(1, stored.GetProperty("stored").GetInt32());
        Assert.True(Assert.Single(await host.FeedbackAsync()).Rating);

        await using var check = new NpgsqlConnection(server.ConnectionString());
        await check.OpenAsync();
        await using var count = check.CreateCommand();
        count.CommandText = "SELECT count(*) FROM pets";
        Assert.Equal(3L, await count.ExecuteScalarAsync());
    }
}
