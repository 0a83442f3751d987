using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace NlQuery.Cli.Serving;

/// <summary>
/// With <c>--token</c>, every <c>/api</c> request except <c>/api/health</c> must send <c>Authorization: Bearer &lt;token&gt;</c>.
/// The page and the OpenAPI document stay public: they contain no data, and the page asks for the token.
/// </summary>
internal sealed class TokenMiddleware(RequestDelegate next, string token)
{
    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api") || path.StartsWithSegments("/api/health"))
            return next(context);
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return RefuseAsync(context, "this server needs a token: send 'Authorization: Bearer <token>' (the --token it was started with).");
        var given = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        // Fixed-time comparison: the time taken must not tell an attacker how much of the token was right.
        if (!CryptographicOperations.FixedTimeEquals(given, _token))
            return RefuseAsync(context, "the bearer token is wrong.");
        return next(context);
    }

    private static Task RefuseAsync(HttpContext context, string message)
    {
        return ProblemMiddleware.WriteAsync(context, StatusCodes.Status401Unauthorized, message,
            headers: response => response.Headers.WWWAuthenticate = "Bearer");
    }
}
