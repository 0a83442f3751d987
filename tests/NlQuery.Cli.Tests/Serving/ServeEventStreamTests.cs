using System.Text;
using System.Text.Json;
using NlQuery.Tests.Asking;

namespace NlQuery.Cli.Tests.Serving;

/// <summary><c>/api/ask</c> with <c>Accept: text/event-stream</c>: progress while the model works, then the answer or the problem.</summary>
public sealed class ServeEventStreamTests
{
    private const string CountCustomers = "SELECT count(*) FROM customers";

    [Fact]
    public async Task A_slow_question_reports_progress_before_its_answer()
    {
        var translator = new GatedTranslator(CountCustomers);
        await using var host = await ServeHost.StartAsync(translator);
        using var response = await SendAsync(host, "How many customers are there?");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new EventReader(await response.Content.ReadAsStreamAsync());

        var (first, progress) = await events.NextAsync();
        Assert.Equal("progress", first);
        Assert.Equal("answering", progress.GetProperty("stage").GetString());
        await translator.Entered(1).WaitAsync(TimeSpan.FromMinutes(1));
        translator.Release();

        var (name, answer) = await events.NextAsync(skip: "progress");
        Assert.Equal("answer", name);
        Assert.Equal(CountCustomers, answer.GetProperty("sql").GetString());
        Assert.Matches("^[0-9a-f]{32}:1$", answer.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_question_without_an_answer_ends_with_a_problem_event()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator("DROP TABLE customers"));
        using var response = await SendAsync(host, "Which customers?");
        var (name, problem) = await new EventReader(await response.Content.ReadAsStreamAsync()).NextAsync(skip: "progress");

        Assert.Equal("problem", name);
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Contains("no answer: no candidate was a complete SELECT", problem.GetProperty("detail").GetString());
        Assert.Equal("DROP TABLE customers", problem.GetProperty("candidates")[0].GetProperty("sql").GetString());
    }

    [Fact]
    public async Task A_bad_request_is_refused_before_the_stream_starts()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator(CountCustomers));
        using var response = await SendAsync(host, "");
        await ServeHost.ProblemAsync(response, 400, "the question is missing or empty");
    }

    private static Task<HttpResponseMessage> SendAsync(ServeHost host, string question)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { question }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        return host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Reads server-sent events (<c>event:</c> and one <c>data:</c> line each) as they arrive.</summary>
    private sealed class EventReader(Stream stream)
    {
        private readonly StreamReader _reader = new(stream, Encoding.UTF8);

        public async Task<(string Name, JsonElement Data)> NextAsync(string? skip = null)
        {
            while (true)
            {
                string? name = null, data = null;
                while (await _reader.ReadLineAsync() is { } line)
                {
                    if (line.Length == 0)
                        break;
                    if (line.StartsWith("event: ", StringComparison.Ordinal))
                        name = line["event: ".Length..];
                    else if (line.StartsWith("data: ", StringComparison.Ordinal))
                        data = line["data: ".Length..];
                }
                Assert.True(name is not null && data is not null, "the stream ended before the next event");
                if (name != skip)
                    return (name!, JsonDocument.Parse(data!).RootElement.Clone());
            }
        }
    }
}
