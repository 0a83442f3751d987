using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NlQuery.Cli.Serving;

/// <summary>
/// <c>/api/ask</c> for a client that sends <c>Accept: text/event-stream</c>: a <c>progress</c> event at once and then
/// every <see cref="Interval"/> while the question is being answered (so a slow model is visibly alive, and a client
/// that went away is noticed at the next write), then one <c>answer</c> event with the usual document, or one
/// <c>problem</c> event with the problem document the plain request would have had as its body (the status is
/// already 200 by then; the problem's <c>status</c> member says what it would have been).
/// </summary>
internal sealed class AskEventStream(Func<CancellationToken, Task<Action<Utf8JsonWriter>>> answer) : IResult
{
    public const string ContentType = "text/event-stream";

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static bool IsWanted(HttpRequest request) =>
        request.Headers.Accept.Any(value => value is not null && value.Contains(ContentType, StringComparison.OrdinalIgnoreCase));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var cancellationToken = httpContext.RequestAborted;
        httpContext.Response.ContentType = ContentType;
        httpContext.Response.Headers.CacheControl = "no-cache";
        var clock = Stopwatch.StartNew();
        var work = answer(cancellationToken);
        await WriteAsync(httpContext, "progress", json => Progress(json, clock)).ConfigureAwait(false);
        while (!work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(Interval, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (!work.IsCompleted)
                await WriteAsync(httpContext, "progress", json => Progress(json, clock)).ConfigureAwait(false);
        }
        try
        {
            await WriteAsync(httpContext, "answer", await work.ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (ApiError e)
        {
            await WriteAsync(httpContext, "problem", json => Problem(json, e.Status, e.Message, e.Extensions)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            httpContext.RequestServices.GetRequiredService<ILogger<AskEventStream>>().LogError(e, "POST /api/ask (event stream) failed");
            await WriteAsync(httpContext, "problem", json => Problem(json, StatusCodes.Status500InternalServerError,
                "the server failed to answer this request; the reason is in its log.", null)).ConfigureAwait(false);
        }
    }

    private static void Progress(Utf8JsonWriter json, Stopwatch clock)
    {
        json.WriteStartObject();
        json.WriteString("stage", "answering");
        json.WriteNumber("elapsed_ms", Math.Round(clock.Elapsed.TotalMilliseconds));
        json.WriteEndObject();
    }

    private static void Problem(Utf8JsonWriter json, int status, string detail, IDictionary<string, object?>? extensions)
    {
        json.WriteStartObject();
        json.WriteString("title", Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status));
        json.WriteNumber("status", status);
        json.WriteString("detail", detail);
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>())
        {
            json.WritePropertyName(name);
            JsonSerializer.Serialize(json, value);
        }
        json.WriteEndObject();
    }

    /// <summary>One event; the JSON is written without indentation, so it is one <c>data:</c> line.</summary>
    private static async Task WriteAsync(HttpContext httpContext, string name, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        buffer.Write(Encoding.UTF8.GetBytes($"event: {name}\ndata: "));
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
            write(json);
        buffer.Write("\n\n"u8);
        await httpContext.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), httpContext.RequestAborted).ConfigureAwait(false);
        await httpContext.Response.Body.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
    }
}
