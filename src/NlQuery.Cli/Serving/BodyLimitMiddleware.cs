using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace NlQuery.Cli.Serving;

/// <summary>
/// Refuses request bodies over <see cref="ServeOptions.MaxBodyBytes"/>: at once when Content-Length says so, and while
/// reading when the body is chunked. Kestrel's own limit is set too; the in-process test host has none, hence both.
/// </summary>
internal sealed class BodyLimitMiddleware(RequestDelegate next, long maxBytes)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;
        if (context.Request.ContentLength > maxBytes)
            throw TooLarge(context.Request.ContentLength.Value, maxBytes);
        context.Request.Body = new LimitedReadStream(context.Request.Body, maxBytes);
        return next(context);
    }

    public static ApiError TooLarge(long? length, long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, length is { } known
            ? $"the request body is {known:N0} bytes; this server accepts at most {maxBytes:N0}."
            : $"the request body is over {maxBytes:N0} bytes, the most this server accepts.");
}
