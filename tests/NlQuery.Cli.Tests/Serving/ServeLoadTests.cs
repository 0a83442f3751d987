using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;
using NlQuery.Cli.Serving;
using NlQuery.Tests.Asking;

namespace NlQuery.Cli.Tests.Serving;

/// <summary>
/// 64 concurrent clients against the server on 127.0.0.1 (real Kestrel, the sample database, a scripted model), each
/// asking and then rating its answer in a loop: no request may fail and every accepted rating must be in the store.
/// 3 seconds in the suite; NLQUERY_LOAD_SECONDS=30 for the figures in docs/benchmarks.md.
/// </summary>
public sealed class ServeLoadTests(ITestOutputHelper output)
{
    private const int Clients = 64;

    [Fact]
    public async Task Sixty_four_concurrent_clients_get_no_failure_and_lose_no_feedback()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("NLQUERY_LOAD_SECONDS"), out var s) && s > 0 ? s : 3;
        var sample = Path.Combine(NlQuery.Tests.SharedData.RepositoryRoot, "samples", "shop.db");
        // Every client comes from 127.0.0.1, which the per-client limit would otherwise hold to 4 at a time.
        await using var host = await ServeHost.StartAsync(sample, null,
            new ScriptedTranslator(r => [new($"SELECT count(*) FROM customers WHERE customer_id <= {r.Question.Length}", -0.1)]),
            new ServeOptions { Urls = ["http://127.0.0.1:0"], MaxConcurrentPerClient = Clients }, kestrel: true);
        using var client = new HttpClient { BaseAddress = host.Client.BaseAddress };
        var customers = (await ServeHost.JsonAsync(await client.PostAsJsonAsync("/api/sql", new { sql = "SELECT count(*) FROM customers" })))
            .GetProperty("rows")[0][0].GetInt64();
        var deadline = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => RunClientAsync(client, i, customers, deadline, TimeSpan.FromSeconds(seconds))));

        var latencies = results.SelectMany(r => r.Latencies).Order().ToList();
        var failures = results.SelectMany(r => r.Failures).ToList();
        var ratings = results.Sum(r => r.Ratings);
        output.WriteLine($"{Clients} clients, {seconds} s: {latencies.Count} requests ({latencies.Count / deadline.Elapsed.TotalSeconds:0} /s), " +
                         $"{failures.Count} failed; latency ms p50 {Percentile(latencies, 0.50):0.0}, p90 {Percentile(latencies, 0.90):0.0}, " +
                         $"p99 {Percentile(latencies, 0.99):0.0}, max {latencies[^1]:0.0}; {ratings} ratings accepted");

        Assert.True(failures.Count == 0, $"{failures.Count} requests failed, e.g. {failures.FirstOrDefault()}");
        Assert.True(ratings >= Clients, $"only {ratings} ratings in {seconds} s: the clients did not all get through");
        Assert.Equal(ratings, (await host.FeedbackAsync()).Count);
    }

    private static async Task<ClientResult> RunClientAsync(HttpClient client, int index, long customers, Stopwatch clock, TimeSpan duration)
    {
        var result = new ClientResult();
        string? conversation = null;
        for (var round = 0; clock.Elapsed < duration; round++)
        {
            var question = $"customers up to {index}-{round}";
            var answer = await TimedAsync(result, () => client.PostAsJsonAsync("/api/ask", new { question, conversation }));
            if (answer is null)
                continue;
            conversation = answer.Value.GetProperty("conversation").GetString();
            // Each answer must be this question's own (customer ids run from 1): no mix-up between concurrent requests.
            if (answer.Value.GetProperty("rows")[0][0].GetInt64() != Math.Min(question.Length, customers))
                result.Failures.Add($"wrong answer for '{question}': {answer.Value.GetProperty("rows")[0][0]}");
            var rated = await TimedAsync(result, () => client.PostAsJsonAsync("/api/feedback", new { answer = answer.Value.GetProperty("answer").GetString(), good = true }));
            if (rated is not null)
                result.Ratings += rated.Value.GetProperty("stored").GetInt32();
        }
        return result;
    }

    private static async Task<JsonElement?> TimedAsync(ClientResult result, Func<Task<HttpResponseMessage>> send)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await send();
            var body = await response.Content.ReadAsStringAsync();
            result.Latencies.Add(watch.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                result.Failures.Add($"{(int)response.StatusCode}: {body}");
                return null;
            }
            return JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (HttpRequestException e)
        {
            result.Failures.Add(e.Message);
            return null;
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed class ClientResult
    {
        public List<double> Latencies { get; } = [];

        public List<string> Failures { get; } = [];

        public int Ratings { get; set; }
    }
}
