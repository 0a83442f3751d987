using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NlQuery.Cli.Serving;

/// <summary>
/// Turns every failure into a JSON problem document with one sentence for the client, never a stack trace: refused
/// requests (<see cref="ApiError"/>, Kestrel's own 4xx), empty error responses (an unknown path, a wrong method), and
/// a failed language model (502, 504 on its timeout), and unexpected exceptions, which are logged on the server with their stack and reported as a bare 500.
/// </summary>
internal sealed class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody reads a reply. 499 is what proxies log for this.
            if (!context.Response.HasStarted)
                context.Response.StatusCode = 499;
            return;
        }
        catch (ApiError e)
        {
            await WriteAsync(context, e.Status, e.Message, e.Extensions).ConfigureAwait(false);
            return;
        }
        catch (Llm.LlmException e)
        {
            // The language model behind the server failed: a gateway's failure, in the words nlq ask prints (no key in them).
            await WriteAsync(context, e.Kind == Llm.LlmFailureKind.Timeout ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway,
                e.Message).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusals, e.g. a body over its limit (413): their messages are meant for clients.
            await WriteAsync(context, e.StatusCode, e.Message).ConfigureAwait(false);
            return;
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await WriteAsync(context, StatusCodes.Status500InternalServerError,
                "the server failed to answer this request; the reason is in its log.").ConfigureAwait(false);
            return;
        }
        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && response.ContentType is null)
        {
            var message = response.StatusCode switch
            {
                StatusCodes.Status404NotFound => $"there is nothing at {context.Request.Path}: the API is under /api (see /openapi/v1.json).",
                StatusCodes.Status415UnsupportedMediaType => "send the body as JSON with 'Content-Type: application/json'.",
                StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path} (see /openapi/v1.json).",
                _ => ReasonPhrase(response.StatusCode),
            };
            await WriteAsync(context, response.StatusCode, message).ConfigureAwait(false);
        }
    }

    public static Task WriteAsync(HttpContext context, int status, string message, IDictionary<string, object?>? extensions = null,
        Action<HttpResponse>? headers = null)
    {
        if (context.Response.HasStarted)
            return Task.CompletedTask; // too late for a problem document; the connection is cut instead
        context.Response.Clear();
        headers?.Invoke(context.Response);
        return Results.Problem(detail: message, statusCode: status, title: ReasonPhrase(status), extensions: extensions).ExecuteAsync(context);
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"HTTP {status}";
}
