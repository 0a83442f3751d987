using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NlQuery.Cli.Serving;

/// <summary>
/// Builds the <c>nlq serve</c> web application: the JSON API under <c>/api</c>, the OpenAPI document at
/// <c>/openapi/v1.json</c>, and the page at <c>/</c>. The command only parses options and runs it; tests build it on
/// the in-process test host through <paramref name="configure"/>.
/// </summary>
internal static class NlQueryServer
{
    public static WebApplication Create(ServeOptions options, ServedDatabase database, NlQueryEngine engine, Action<WebApplicationBuilder>? configure = null)
    {
        ServeBinding.Check(options.Urls, options.Token);
        // No args, no appsettings from the current folder: the server is configured by nlq's options alone.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(NlQueryServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            EnvironmentName = Environments.Production,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes);
        builder.Services.AddOpenApi();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(ServeApi.PerClientPolicy, http => RateLimitPartition.GetConcurrencyLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new ConcurrencyLimiterOptions { PermitLimit = options.MaxConcurrentPerClient, QueueLimit = 0 }));
            limiter.OnRejected = (context, _) => new ValueTask(ProblemMiddleware.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
                $"this client already has {options.MaxConcurrentPerClient} requests running; send the next one when one of them has finished."));
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<ProblemMiddleware>();
        app.Use((context, next) =>
        {
            // The page runs no third-party code and is never framed; JSON is never sniffed as HTML.
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.XFrameOptions = "DENY";
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self'; img-src 'self' data:";
            return next(context);
        });
        if (options.Token is not null)
            app.UseMiddleware<TokenMiddleware>(options.Token);
        app.UseMiddleware<BodyLimitMiddleware>(options.MaxBodyBytes);
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.MapOpenApi();
        new ServeApi(options, database, engine, new ConversationStore(options)).Map(app);
        return app;
    }
}
