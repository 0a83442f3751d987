using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using NlQuery.Cli.Connections;
using NlQuery.Cli.Models;
using NlQuery.Cli.Serving;

namespace NlQuery.Cli.Commands;

/// <summary><c>nlq serve --db …</c>: the HTTP API and the web page (see <see cref="NlQueryServer"/>); this file only parses options.</summary>
internal static class ServeCommand
{
    /// <summary>Where the token may come from instead of --token, which other users of the machine can read in the process list.</summary>
    public const string TokenVariable = "NLQUERY_TOKEN";

    public static Command Create()
    {
        var database = new DatabaseOptions();
        database.Db.Required = true;
        var urls = new Option<string>("--urls")
        {
            Description = $"Where to listen, ';'-separated (default {ServeOptions.DefaultUrl}). Anything but loopback needs --token.",
            DefaultValueFactory = _ => ServeOptions.DefaultUrl,
        };
        var token = new Option<string?>("--token")
        {
            Description = $"Bearer token every /api request must carry (or set {TokenVariable}); required to listen beyond loopback.",
        };
        var feedback = new Option<string?>("--feedback")
        {
            Description = "Where ratings and corrections go: a SQLite file (default: the user's local nlquery/feedback.db), or 'db'.",
        };
        var command = new Command("serve", "Serve an HTTP API and a web page for asking the database questions.") { urls, token, feedback };
        database.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliError.RunAsync(() => RunAsync(
            parse.GetValue(database.Db)!, parse.GetValue(database.Provider), parse.GetValue(database.Model), parse.GetValue(urls)!,
            parse.GetValue(token) ?? NonEmpty(Environment.GetEnvironmentVariable(TokenVariable)), parse.GetValue(feedback), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(string db, string? provider, string? model, string urls, string? token, string? feedback,
        CancellationToken cancellationToken)
    {
        var options = new ServeOptions
        {
            Urls = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Token = token,
        };
        // Refuse an exposed binding before anything slow happens.
        ServeBinding.Check(options.Urls, options.Token);
        var served = await ServedDatabase.CheckAsync(db, provider, cancellationToken).ConfigureAwait(false);
        // Load the model now: its errors belong at start, and the first visitor should not wait for it.
        await Console.Error.WriteLineAsync("nlq: loading the model…").ConfigureAwait(false);
        // Followed: a model nlq train promotes into the folder answers the next requests, without a restart.
        var translator = await Task.Run(() => TranslatorFactory.LoadFollowing(TranslatorFactory.Locate(model), Console.Error.WriteLine), cancellationToken)
            .ConfigureAwait(false);
        using var followed = translator;
        await using var opened = await DatabaseConnector.OpenAsync(db, provider, cancellationToken).ConfigureAwait(false);
        await using var engine = new NlQueryEngine(translator, FeedbackTarget.Open(feedback, opened));
        await using var app = NlQueryServer.Create(options, served, engine);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // A port in use (IOException), or https:// without a certificate Kestrel can use (InvalidOperationException).
            throw new CliError($"cannot listen on {urls}: {e.Message}");
        }
        foreach (var url in app.Urls)
            await Console.Out.WriteLineAsync($"nlq: serving {served.Name} at {url} (Ctrl+C to stop)").ConfigureAwait(false);
        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
