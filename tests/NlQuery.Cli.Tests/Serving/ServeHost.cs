using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using NlQuery.Cli.Serving;
using NlQuery.Feedback;
using NlQuery.Tests;
using NlQuery.Tests.Asking;
using NlQuery.Translation;

namespace NlQuery.Cli.Tests.Serving;

/// <summary>
/// <c>nlq serve</c>'s application on the in-process test host, over a private copy of the sample shop database, with
/// a scripted translator (no model) and a feedback file of its own.
/// </summary>
internal sealed class ServeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NlQueryEngine _engine;

    private ServeHost(WebApplication app, NlQueryEngine engine, ShopDatabase? shop, string feedbackPath, bool kestrel)
    {
        _app = app;
        _engine = engine;
        Shop = shop;
        FeedbackPath = feedbackPath;
        Client = kestrel ? new HttpClient { BaseAddress = new Uri(app.Urls.First()) } : app.GetTestClient();
    }

    public HttpClient Client { get; }

    public ShopDatabase? Shop { get; }

    public string FeedbackPath { get; }

    /// <summary>Serves a fresh copy of samples/shop.db.</summary>
    public static Task<ServeHost> StartAsync(ITranslator translator, ServeOptions? options = null)
    {
        var shop = new ShopDatabase();
        return StartAsync(shop.Path, null, translator, options, shop);
    }

    /// <summary>
    /// Serves a fresh copy of samples/shop.db on real Kestrel at 127.0.0.1 (a free port): for what the in-process host
    /// does not model, such as a client closing its connection.
    /// </summary>
    public static Task<ServeHost> StartOnLoopbackAsync(ITranslator translator, string? db = null)
    {
        var shop = db is null ? new ShopDatabase() : null;
        return StartAsync(db ?? shop!.Path, null, translator, new ServeOptions { Urls = ["http://127.0.0.1:0"] }, shop, kestrel: true);
    }

    /// <summary>Serves <paramref name="db"/> (a file or a connection string).</summary>
    public static async Task<ServeHost> StartAsync(string db, string? provider, ITranslator translator, ServeOptions? options = null, ShopDatabase? shop = null,
        bool kestrel = false)
    {
        var feedbackPath = Path.Combine(Path.GetTempPath(), $"nlq-serve-feedback-{Guid.NewGuid():N}.db");
        var engine = new NlQueryEngine(translator, FeedbackStore.OpenFile(feedbackPath));
        var served = await ServedDatabase.CheckAsync(db, provider, CancellationToken.None);
        var app = NlQueryServer.Create(options ?? new ServeOptions(), served, engine, builder =>
        {
            if (!kestrel)
                builder.WebHost.UseTestServer();
        });
        await app.StartAsync();
        return new ServeHost(app, engine, shop, feedbackPath, kestrel);
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body, string? token = null) =>
        SendAsync(HttpMethod.Post, path, JsonSerializer.Serialize(body), token);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? token = null,
        CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Client.SendAsync(request, cancellationToken);
    }

    /// <summary>The response's JSON, after checking its status (the body is in the failure message).</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, int status = 200)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Checks a problem document: its status, content type, a detail containing <paramref name="detailPart"/>, no stack trace.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status, string detailPart)
    {
        var problem = await JsonAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(detailPart, detail);
        Assert.DoesNotContain("   at ", detail);
        return problem;
    }

    public async Task<List<FeedbackRecord>> FeedbackAsync()
    {
        if (!File.Exists(FeedbackPath) || !HasFeedbackTable())
            return []; // the store creates its table on the first write
        await using var store = FeedbackStore.OpenFile(FeedbackPath);
        var records = new List<FeedbackRecord>();
        await foreach (var record in store.ReadAllAsync())
            records.Add(record);
        return records;
    }

    private bool HasFeedbackTable()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={FeedbackPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM sqlite_master WHERE name = '{FeedbackStore.TableName}'";
        return (long)command.ExecuteScalar()! > 0;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _engine.DisposeAsync();
        Shop?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        SqliteFiles.Delete(FeedbackPath);
    }
}
