using System.Net.Http.Json;

namespace NlQuery.Cli.Tests.Commands;

/// <summary><c>nlq serve</c> as a user starts it: the refusals that must happen before it listens.</summary>
public sealed class ServeCommandTests
{
    private static string SampleDb => Path.Combine(NlQuery.Tests.SharedData.RepositoryRoot, "samples", "shop.db");

    [Fact]
    public async Task Listening_on_all_interfaces_without_a_token_refuses_to_start()
    {
        var result = await NlqProcess.RunAsync(["serve", "--db", SampleDb, "--urls", "http://0.0.0.0:5999"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nlq: error: http://0.0.0.0:5999 can be reached from other machines: give --token", result.StdErr);
        Assert.Empty(result.StdOut);
    }

    [Fact]
    public async Task The_token_may_come_from_the_environment_and_must_be_long_enough()
    {
        var result = await NlqProcess.RunAsync(["serve", "--db", SampleDb, "--urls", "http://0.0.0.0:5999"],
            environment: new Dictionary<string, string> { ["NLQUERY_TOKEN"] = "tooshort" });
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--token is 8 characters long; use at least 16", result.StdErr);
    }

    [Fact]
    public async Task A_missing_database_is_a_one_line_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"nlq-missing-{Guid.NewGuid():N}.db");
        var result = await NlqProcess.RunAsync(["serve", "--db", missing]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"nlq: error: database file not found: {missing}", result.StdErr.Trim());
    }

    [Fact]
    public async Task A_port_already_in_use_is_a_one_line_error()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var result = await NlqProcess.RunAsync(["serve", "--db", SampleDb, "--urls", $"http://127.0.0.1:{port}",
            "--model", Path.Combine(NlQuery.Tests.SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"nlq: error: cannot listen on http://127.0.0.1:{port}:", result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr);
    }

    [Fact]
    public async Task A_model_promoted_while_serving_answers_the_next_questions_without_a_restart()
    {
        const string question = "How many customers are there?";
        var root = Directory.CreateTempSubdirectory("nlq-serve-promote-").FullName;
        var models = Path.Combine(root, "default");
        try
        {
            WriteCanned(models, "SELECT count(*) FROM customers");
            var start = new System.Diagnostics.ProcessStartInfo(NlqProcess.DotnetHost())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { NlqProcess.AssemblyPath, "serve", "--db", SampleDb, "--model", models, "--urls", "http://127.0.0.1:0",
                         "--feedback", Path.Combine(root, "feedback.db") })
                start.ArgumentList.Add(argument);
            using var process = System.Diagnostics.Process.Start(start)!;
            var stderr = new System.Text.StringBuilder();
            process.ErrorDataReceived += (_, e) =>
            {
                lock (stderr)
                    stderr.AppendLine(e.Data);
            };
            process.BeginErrorReadLine();
            try
            {
                string? line;
                do
                    line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
                while (line is not null && !line.StartsWith("nlq: serving", StringComparison.Ordinal));
                Assert.NotNull(line);
                using var client = new HttpClient { BaseAddress = new Uri(line[(line.LastIndexOf(" at ", StringComparison.Ordinal) + 4)..].Split(' ')[0]) };
                Assert.Equal("SELECT count(*) FROM customers", await AskAsync(client, question));

                // What nlq train's promotion does: a complete new folder renamed into place.
                var incoming = Path.Combine(root, ".incoming");
                WriteCanned(incoming, "SELECT count(*) FROM products");
                Directory.Move(models, models + ".previous");
                Directory.Move(incoming, models);

                // The server looks at most every 2 s and loads in the background; answers change once it has.
                var deadline = DateTime.UtcNow.AddSeconds(60);
                string sql;
                do
                {
                    await Task.Delay(200);
                    sql = await AskAsync(client, question);
                }
                while (sql != "SELECT count(*) FROM products" && DateTime.UtcNow < deadline);
                Assert.Equal("SELECT count(*) FROM products", sql);
                lock (stderr)
                    Assert.Contains($"nlq: a new model was promoted to {models}; new questions use it.", stderr.ToString());
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void WriteCanned(string folder, string sql)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "model.json"), System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["format"] = "nlquery-canned/1",
            ["answers"] = new Dictionary<string, string[]> { ["How many customers are there?"] = [sql] },
        }));
    }

    private static async Task<string> AskAsync(HttpClient client, string question)
    {
        using var response = await client.PostAsJsonAsync("/api/ask", new { question });
        response.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("sql").GetString()!;
    }
}
