using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using NlQuery.Linking;
using NlQuery.Llm.Internal;
using NlQuery.Schema;
using NlQuery.Sql;
using NlQuery.Translation;

namespace NlQuery.Llm;

/// <summary>
/// A translator over any <see cref="IChatClient"/> (OpenAI, Azure OpenAI, Ollama, an OpenAI-compatible server): the
/// prompt shows the schema summariser's selection in the request's dialect, the conversation so far and the most
/// similar logged corrections; the SQL in each reply is parsed by NlQuery's parser in Guards mode (a complete SELECT
/// over the real schema) and checked by the asker (<see cref="TranslationRequest.CheckCandidate"/>: EXPLAIN), and on a
/// rejection the model is asked again with the message, at most <see cref="LlmTranslatorOptions.MaxRetries"/> times.
/// Only SQL that passed both becomes a candidate, and the asker still runs it read-only. Thread-safe.
/// </summary>
public sealed class LlmTranslator : ITranslator, IDisposable
{
    /// <summary>The environment variable <see cref="Create"/> reads the API key from when none is given.</summary>
    public const string KeyVariable = "NLQUERY_LLM_KEY";

    private readonly ConditionalWeakTable<DatabaseSchema, PerSchema> _schemas = new();
    private readonly bool _ownsClient;
    private readonly string? _secret;

    /// <param name="client">The chat client to ask.</param>
    /// <param name="ownsClient">Whether disposing the translator disposes the client.</param>
    public LlmTranslator(IChatClient client, LlmTranslatorOptions? options = null, bool ownsClient = false)
        : this(client, options, ownsClient, secret: null)
    {
    }

    private LlmTranslator(IChatClient client, LlmTranslatorOptions? options, bool ownsClient, string? secret)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= LlmTranslatorOptions.Default;
        options.Validate();
        Client = client;
        Options = options;
        _ownsClient = ownsClient;
        _secret = secret;
        var metadata = client.GetService<ChatClientMetadata>();
        Endpoint = metadata?.ProviderUri?.ToString().TrimEnd('/') ?? metadata?.ProviderName ?? "the configured endpoint";
    }

    /// <summary>
    /// A translator over a new client for <paramref name="provider"/>. The key is <paramref name="apiKey"/>, else the
    /// <see cref="KeyVariable"/> environment variable; it is only handed to the client, and redacted from every message.
    /// </summary>
    /// <param name="model">The model (Azure: the deployment) to ask.</param>
    /// <param name="endpoint">The server; null: OpenAI's own API, or Ollama on localhost. Azure needs its resource's.</param>
    /// <exception cref="ArgumentException">A needed key or endpoint is missing (the message says which).</exception>
    public static LlmTranslator Create(LlmProvider provider, string model, Uri? endpoint = null, string? apiKey = null, LlmTranslatorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        options ??= LlmTranslatorOptions.Default;
        options.Validate();
        var key = string.IsNullOrEmpty(apiKey) ? Environment.GetEnvironmentVariable(KeyVariable) : apiKey;
        var client = ChatClients.Create(provider, model, endpoint, string.IsNullOrEmpty(key) ? null : key, options.Timeout);
        return new LlmTranslator(client, options, ownsClient: true, string.IsNullOrEmpty(key) ? null : key);
    }

    public IChatClient Client { get; }

    public LlmTranslatorOptions Options { get; }

    /// <summary>Where the model is (the client's address), as error messages name it.</summary>
    public string Endpoint { get; }

    /// <exception cref="LlmException">A request to the model failed or timed out (the message names the endpoint and why).</exception>
    public async Task<TranslationResult> TranslateAsync(TranslationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var schema = _schemas.GetValue(request.Schema, s => new PerSchema(s, request.Values));
        var parser = schema.Parser(request.Dialect);
        var summary = schema.Summariser.Summarise(request.Question, Options.Summary);
        var examples = request.Examples is null || Options.Examples == 0
            ? []
            : ExampleRanker.MostSimilar(await request.Examples(cancellationToken).ConfigureAwait(false), request.Question, Options.Examples);
        var prompt = LlmPrompt.Build(summary, request.Dialect, examples, request.PreviousQuestions, request.Question);
        var linking = Stopwatch.GetElapsedTime(started);

        var waiting = TimeSpan.Zero;
        var checking = TimeSpan.Zero;
        var attempts = new List<TranslationAttempt>();
        var accepted = new List<string>();
        var chatOptions = new ChatOptions { Temperature = Options.EffectiveTemperature };
        // Samples one after another: the check may use the asker's connection, which serves one command at a time.
        for (var sample = 0; sample < Options.Samples; sample++)
        {
            var messages = prompt.Messages.ToList();
            for (var attempt = 0; attempt <= Options.MaxRetries; attempt++)
            {
                var asked = Stopwatch.GetTimestamp();
                var reply = await AskAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
                waiting += Stopwatch.GetElapsedTime(asked);
                var checkStarted = Stopwatch.GetTimestamp();
                var (sql, outcome, rejection) = await CheckAsync(reply, parser, request, cancellationToken).ConfigureAwait(false);
                checking += Stopwatch.GetElapsedTime(checkStarted);
                attempts.Add(new TranslationAttempt(sample + 1, attempt + 1, reply, sql, outcome, rejection));
                if (outcome == TranslationAttemptOutcome.Accepted)
                {
                    accepted.Add(sql!);
                    break;
                }
                messages.Add(new ChatMessage(ChatRole.Assistant, reply));
                messages.Add(LlmPrompt.Reask(rejection!));
            }
        }

        // The SQL most samples agree on first; its score is the log of the share that agree (0 when all do).
        var candidates = accepted
            .Select((sql, order) => (sql, order))
            .GroupBy(a => a.sql, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Min(a => a.order))
            .Select(g => new SqlCandidate(g.Key, Math.Log(g.Count() / (double)Options.Samples)))
            .ToList();
        var timings = new TranslationTimings(linking, TimeSpan.Zero, waiting, checking, Stopwatch.GetElapsedTime(started));
        return new TranslationResult(candidates, prompt.Text, timings)
        {
            Summary = summary,
            Attempts = attempts,
            BestRaw = candidates.Count > 0 ? candidates[0].Sql : attempts.LastOrDefault(a => a.Sql is not null)?.Sql,
        };
    }

    /// <summary>The reply's SQL, printed in the request's dialect when the parser and the asker's check accept it, else why not.</summary>
    private static async Task<(string? Sql, TranslationAttemptOutcome Outcome, string? Rejection)> CheckAsync(string reply, SqlParser parser,
        TranslationRequest request, CancellationToken cancellationToken)
    {
        if (SqlExtractor.Extract(reply) is not { } extracted)
            return (null, TranslationAttemptOutcome.NoSql, "the reply holds no SQL statement");
        string printed;
        try
        {
            printed = request.Dialect.Print(parser.ParseStatement(extracted));
        }
        catch (SqlParseException e)
        {
            return (extracted, TranslationAttemptOutcome.Parser, e.Message);
        }
        catch (NotSupportedException e)
        {
            return (extracted, TranslationAttemptOutcome.Parser, e.Message);
        }
        if (request.CheckCandidate is not null && await request.CheckCandidate(printed, cancellationToken).ConfigureAwait(false) is { } error)
            return (printed, TranslationAttemptOutcome.Database, error);
        return (printed, TranslationAttemptOutcome.Accepted, null);
    }

    private async Task<string> AskAsync(List<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (Options.Timeout != Timeout.InfiniteTimeSpan)
            timeout.CancelAfter(Options.Timeout);
        try
        {
            var response = await Client.GetResponseAsync(messages, options, timeout.Token).ConfigureAwait(false);
            return response.Text;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw LlmErrors.Timeout(Endpoint, Options.Timeout);
        }
        catch (Exception e) when (e is not OperationCanceledException && LlmErrors.IsModelFailure(e))
        {
            throw LlmErrors.Describe(e, Endpoint, _secret);
        }
    }

    public void Dispose()
    {
        if (_ownsClient)
            Client.Dispose();
    }

    /// <summary>What one database's questions share: the summariser (names and values indexed once) and a parser per dialect.</summary>
    private sealed class PerSchema(DatabaseSchema schema, ValueIndex? values)
    {
        private readonly ConcurrentDictionary<SqlDialect, SqlParser> _parsers = new();

        public SchemaSummariser Summariser { get; } = new(schema, values);

        public SqlParser Parser(SqlDialect dialect) => _parsers.GetOrAdd(dialect, d => new SqlParser(d, ParseMode.Guards, schema));
    }
}
