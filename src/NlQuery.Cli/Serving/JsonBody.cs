using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace NlQuery.Cli.Serving;

/// <summary>
/// Reads a request body as JSON with one clear error per way it can be wrong, instead of the framework's empty 400:
/// not JSON, the wrong shape, or a member the endpoint does not know (a typo should not be silently ignored).
/// </summary>
internal static class JsonBody
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static async Task<T> ReadAsync<T>(HttpRequest request, string example) where T : class
    {
        if (!request.HasJsonContentType())
            throw new ApiError(StatusCodes.Status415UnsupportedMediaType, $"send the body as JSON with 'Content-Type: application/json', e.g. {example}.");
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
            var what = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "it has a member this endpoint does not know"
                : "it is not valid JSON of the expected shape";
            throw new ApiError(StatusCodes.Status400BadRequest, $"the body was refused{where}: {what}; expected e.g. {example}.");
        }
        return value ?? throw new ApiError(StatusCodes.Status400BadRequest, $"the body is empty or null; expected e.g. {example}.");
    }
}
