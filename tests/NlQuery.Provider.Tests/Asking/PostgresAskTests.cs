using Npgsql;

namespace NlQuery.Tests.Asking;

/// <summary>AskAsync end to end against a real PostgreSQL server.</summary>
public sealed class PostgresAskTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private async Task<NpgsqlConnection> OpenShopAsync()
    {
        var connection = new NpgsqlConnection(postgres.Server.ConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DROP TABLE IF EXISTS pets; DROP TABLE IF EXISTS owners;
            CREATE TABLE owners (owner_id integer PRIMARY KEY, name text NOT NULL, city text NOT NULL);
            CREATE TABLE pets (pet_id integer PRIMARY KEY, owner_id integer REFERENCES owners (owner_id), kind text NOT NULL);
            INSERT INTO owners VALUES (1, 'Ana', 'Lisbon'), (2, 'Ben', 'Leeds'), (3, 'Chen', 'Lisbon');
            INSERT INTO pets VALUES (1, 1, 'cat'), (2, 1, 'dog'), (3, 3, 'cat');
            """;
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [PostgresFact]
    public async Task AnswersInThePostgreSqlDialectWithFallback()
    {
        var translator = new ScriptedTranslator(
            "SELECT owners.nickname FROM owners",
            "SELECT o.name, count(*) FROM owners AS o JOIN pets AS p ON o.owner_id = p.owner_id WHERE o.city = 'Lisbon' GROUP BY o.name ORDER BY o.name LIMIT 5");
        var engine = new NlQueryEngine(translator);
        await using var connection = await OpenShopAsync();

        var answer = await connection.AskAsync("how many pets does each owner in Lisbon have?", new AskOptions { Engine = engine });

        Assert.Same(NlQuery.Sql.SqlDialect.PostgreSql, Assert.Single(translator.Requests).Dialect);
        Assert.Contains("LIMIT 5", answer.Sql);
        Assert.Equal(CandidateFailure.Parse, Assert.Single(answer.Alternatives).Failure);
        Assert.Equal(2, answer.Rows.Rows.Count);
        Assert.Equal(["Ana", 2L], answer.Rows.Rows[0]);
        Assert.Equal(["Chen", 1L], answer.Rows.Rows[1]);
    }

    [PostgresFact]
    public async Task HarmfulCandidatesChangeNothing()
    {
        var engine = new NlQueryEngine(new ScriptedTranslator(
            "DELETE FROM pets", "DROP TABLE pets", "SELECT 1; DROP TABLE pets", "TRUNCATE owners", "UPDATE owners SET city = 'x'"));
        await using var connection = await OpenShopAsync();

        var error = await Assert.ThrowsAsync<UnansweredQuestionException>(() => connection.AskAsync("how many pets are there?", new AskOptions { Engine = engine }));

        Assert.Equal(5, error.Candidates.Count);
        Assert.Equal(3, await CountAsync(connection, "pets"));
        Assert.Equal(3, await CountAsync(connection, "owners"));
    }

    [PostgresFact]
    public async Task ConcurrentQuestionsOnSeparateConnectionsAllSucceed()
    {
        await (await OpenShopAsync()).DisposeAsync();
        var engine = new NlQueryEngine(new ScriptedTranslator(r => [new($"SELECT count(*) FROM pets WHERE pet_id <= {r.Question[^1]}", -0.1)]));

        var counts = await Task.WhenAll(Enumerable.Range(1, 16).Select(async i =>
        {
            await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString());
            await connection.OpenAsync();
            var answer = await connection.AskAsync($"pets up to {i % 3 + 1}", new AskOptions { Engine = engine });
            return (i, count: (long)answer.Rows.Rows[0][0]!);
        }));

        Assert.All(counts, c => Assert.Equal(c.i % 3 + 1, c.count));
    }

    [PostgresFact]
    public async Task TheSchemaIsReadOnceUntilTheCatalogChanges()
    {
        var reader = new CountingSchemaReader();
        var engine = new NlQueryEngine(new ScriptedTranslator(r =>
            [new(r.Schema.FindTable("pets")?.FindColumn("nickname") is null ? "SELECT count(*) FROM pets" : "SELECT count(nickname) FROM pets", -0.1)]))
        {
            SchemaReaders = reader.For,
        };
        await using var connection = await OpenShopAsync();
        var options = new AskOptions { Engine = engine };

        Assert.Equal("SELECT count(*) FROM pets", (await connection.AskAsync("how many pets?", options)).Sql);
        await using (var other = new NpgsqlConnection(postgres.Server.ConnectionString()))
        {
            await other.OpenAsync();
            Assert.Equal("SELECT count(*) FROM pets", (await other.AskAsync("how many pets?", options)).Sql);
        }
        Assert.Equal(1, reader.Reads);

        await using (var alter = new NpgsqlCommand("ALTER TABLE pets ADD COLUMN nickname text; UPDATE pets SET nickname = 'Rex' WHERE pet_id = 1", connection))
            await alter.ExecuteNonQueryAsync();
        var answer = await connection.AskAsync("how many pets have a nickname?", options);

        Assert.Equal("SELECT count(nickname) FROM pets", answer.Sql);
        Assert.Equal(1L, answer.Rows.Rows[0][0]);
        Assert.Equal(2, reader.Reads);

        // A renamed column changes no table or column count: the digest still sees it.
        await using (var rename = new NpgsqlCommand("ALTER TABLE pets RENAME COLUMN nickname TO pet_name", connection))
            await rename.ExecuteNonQueryAsync();
        Assert.Equal("SELECT count(*) FROM pets", (await connection.AskAsync("how many pets?", options)).Sql);
        Assert.Equal(3, reader.Reads);
    }
}
