using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace NlQuery.Cli.Tests;

/// <summary>
/// An OpenAI-compatible chat server on 127.0.0.1 for nlq's <c>--llm openai</c> end to end: <c>POST /v1/chat/completions</c>
/// answers each request with the next scripted reply (the last one repeated), or with a scripted HTTP error, and keeps
/// every request's headers and JSON body so tests can read what nlq sent.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string[] _replies;
    private readonly List<(string? Authorization, JsonElement Body)> _requests = [];
    private readonly Task _loop;

    /// <param name="replies">The assistant's content for each request in turn.</param>
    public FakeOpenAiServer(params string[] replies)
    {
        _replies = replies;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The endpoint nlq is given: <c>http://127.0.0.1:port/v1</c>.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}/v1";

    /// <summary>When set, every request gets this status and an OpenAI-style error whose message is <see cref="ErrorMessage"/>.</summary>
    public HttpStatusCode? ErrorStatus { get; init; }

    public string ErrorMessage { get; init; } = "error";

    /// <summary>When set, requests are held this long before the answer (a server too slow for the timeout).</summary>
    public TimeSpan Delay { get; init; }

    public IReadOnlyList<(string? Authorization, JsonElement Body)> Requests
    {
        get
        {
            lock (_requests)
                return _requests.ToList();
        }
    }

    /// <summary>A port nothing listens on (free a moment ago): for "no endpoint reachable".</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
        int count;
        lock (_requests)
        {
            _requests.Add((context.Request.Headers["Authorization"], body));
            count = _requests.Count;
        }
        if (Delay > TimeSpan.Zero)
            await Task.Delay(Delay);
        object payload = ErrorStatus is { } status
            ? new { error = new { message = ErrorMessage, type = "invalid_request_error", code = (int)status } }
            : new
            {
                id = $"chatcmpl-{count}",
                @object = "chat.completion",
                created = 1_700_000_000,
                model = body.GetProperty("model").GetString(),
                choices = new[] { new { index = 0, message = new { role = "assistant", content = _replies[Math.Min(count, _replies.Length) - 1] }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
            };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload);
        try
        {
            context.Response.StatusCode = (int)(ErrorStatus ?? HttpStatusCode.OK);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client gave up (its timeout) before the answer.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
