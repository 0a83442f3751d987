using NlQuery.Cli.Connections;
using NlQuery.Schema;
using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Connections;

public sealed class DatabaseConnectorTests
{
    [Theory]
    [InlineData("shop.db", DatabaseKind.Sqlite)]
    [InlineData("Data Source=shop.db", DatabaseKind.Sqlite)]
    [InlineData("Host=localhost;Username=me;Database=shop", DatabaseKind.PostgreSql)]
    [InlineData("Server=.;Initial Catalog=shop;Integrated Security=true", DatabaseKind.SqlServer)]
    public void GuessesTheDatabaseFromWhatItIsGiven(string db, DatabaseKind expected) =>
        Assert.Equal(expected, DatabaseConnector.Guess(db));

    [Fact]
    public void AmbiguousConnectionStringsAndUnknownProvidersAreClearErrors()
    {
        Assert.Contains("--provider", Assert.Throws<CliError>(() => DatabaseConnector.Guess("Database=x;Timeout=3")).Message);
        Assert.Contains("unknown provider 'oracle'", Assert.Throws<CliError>(() => DatabaseConnector.ParseProvider("oracle")).Message);
    }

    [Fact]
    public async Task OpensASqliteFileReadOnlyAndRefusesWhatIsNotOne()
    {
        var dir = Directory.CreateTempSubdirectory("nlq-conn-").FullName;
        try
        {
            var missing = Path.Combine(dir, "missing.db");
            var error = await Assert.ThrowsAsync<CliError>(() => DatabaseConnector.OpenAsync(missing, null, default));
            Assert.Contains("database file not found", error.Message);
            Assert.False(File.Exists(missing));

            var text = Path.Combine(dir, "notes.db");
            await File.WriteAllTextAsync(text, "this is not a database, just some text that is long enough to look like a header......");
            Assert.Contains("not a readable SQLite database", (await Assert.ThrowsAsync<CliError>(() => DatabaseConnector.OpenAsync(text, null, default))).Message);

            Assert.Contains("is a folder", (await Assert.ThrowsAsync<CliError>(() => DatabaseConnector.OpenAsync(dir, "sqlite", default))).Message);

            var shop = Path.Combine(SharedData.RepositoryRoot, "samples", "shop.db");
            await using var opened = await DatabaseConnector.OpenAsync(shop, null, default);
            Assert.Equal(DatabaseKind.Sqlite, opened.Kind);
            Assert.Equal("shop", opened.Name);
            await using var write = opened.Connection.CreateCommand();
            write.CommandText = "DELETE FROM reviews";
            Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => write.ExecuteNonQuery());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task AClosedSqlServerPortFailsInOneLineWithinTheConnectTimeout()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<CliError>(() =>
            DatabaseConnector.OpenAsync("Server=127.0.0.1,1;Database=shop;User Id=sa;Password=secret;Connect Timeout=2", null, default));
        clock.Stop();

        Assert.StartsWith("could not connect to SQL Server at 127.0.0.1,1: no server answered within the connect timeout;", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("secret", error.Message);
        // SqlClient retries a refused connection until Connect Timeout (2 s); the bound is loose for a loaded machine
        // but fails if the timeout is ignored (SqlClient's default is 15 s).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(12), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("Server=.;Bogus Key=1", "invalid SQL Server connection string: Keyword not supported: 'bogus key'.")]
    [InlineData("Server=.;Connect Timeout=soon", "invalid SQL Server connection string:")]
    [InlineData("Initial Catalog=shop;Integrated Security=true", "invalid SQL Server connection string: it names no Server")]
    public async Task AMalformedSqlServerConnectionStringIsAClearError(string db, string start)
    {
        var error = await Assert.ThrowsAsync<CliError>(() => DatabaseConnector.OpenAsync(db, "sqlserver", default));
        Assert.StartsWith(start, error.Message);
    }

    [Fact]
    public async Task UnreachablePostgreSqlIsAClearError()
    {
        var error = await Assert.ThrowsAsync<CliError>(() => DatabaseConnector.OpenAsync("Host=127.0.0.1;Port=1;Username=x;Timeout=2", null, default));
        Assert.StartsWith("could not connect to PostgreSql", error.Message);
    }
}
