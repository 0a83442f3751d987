using System.CommandLine;
using NlQuery.Cli.Models;
using NlQuery.Llm;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>--llm openai|azure|ollama --llm-model &lt;name&gt; [--llm-endpoint &lt;url&gt;]</c> and how the model is asked: the options
/// that replace the local model with a language model, shared by <c>ask</c>, the REPL, <c>serve</c> and <c>eval</c>.
/// </summary>
internal sealed class LlmOptions
{
    public Option<string?> Llm { get; } = new("--llm")
    {
        Description = $"Ask a language model instead of the local model: openai (or any OpenAI-compatible server), azure or ollama. " +
                      $"The API key is read from {LlmTranslator.KeyVariable}.",
    };

    public Option<string?> Model { get; } = new("--llm-model") { Description = "With --llm: the model (Azure: the deployment) to ask." };

    public Option<string?> Endpoint { get; } = new("--llm-endpoint")
    {
        Description = "With --llm: the server, e.g. http://127.0.0.1:8080/v1 (default: OpenAI's API, or Ollama on localhost).",
    };

    public Option<double> Timeout { get; } = new("--llm-timeout")
    {
        Description = "With --llm: seconds one request to the model may take.",
        DefaultValueFactory = _ => LlmTranslatorOptions.Default.Timeout.TotalSeconds,
    };

    public Option<int> Retries { get; } = new("--llm-retries")
    {
        Description = "With --llm: how many times the model is asked again, with the reason, when the parser or the database rejects its SQL.",
        DefaultValueFactory = _ => LlmTranslatorOptions.Default.MaxRetries,
    };

    public Option<int> Samples { get; } = new("--llm-samples")
    {
        Description = "With --llm: replies drawn per question; the SQL most of them agree on is tried first.",
        DefaultValueFactory = _ => LlmTranslatorOptions.Default.Samples,
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Llm, Model, Endpoint, Timeout, Retries, Samples })
            command.Options.Add(option);
    }

    /// <summary>The language model asked for, or null when <c>--llm</c> is not given (then no other --llm-* option may be).</summary>
    public LlmChoice? Read(ParseResult parse)
    {
        var provider = parse.GetValue(Llm);
        var model = parse.GetValue(Model);
        var endpoint = parse.GetValue(Endpoint);
        if (provider is null)
        {
            var stray = new Option[] { Model, Endpoint, Timeout, Retries, Samples }.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false });
            return stray is null ? null : throw new CliError($"{stray.Name} is for a language model: give --llm openai|azure|ollama with it.");
        }
        var kind = provider.ToLowerInvariant() switch
        {
            "openai" => LlmProvider.OpenAI,
            "azure" => LlmProvider.Azure,
            "ollama" => LlmProvider.Ollama,
            _ => throw new CliError($"--llm must be openai, azure or ollama, not '{provider}'."),
        };
        if (string.IsNullOrWhiteSpace(model))
            throw new CliError($"--llm {provider} needs --llm-model <name> (the model{(kind == LlmProvider.Azure ? " deployment" : "")} to ask).");
        Uri? uri = null;
        if (endpoint is not null && (!Uri.TryCreate(endpoint, UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https")))
            throw new CliError($"--llm-endpoint must be an http:// or https:// address, not '{endpoint}'.");
        var seconds = parse.GetValue(Timeout);
        if (seconds is <= 0 or > 3600 || double.IsNaN(seconds))
            throw new CliError($"--llm-timeout must be between 0 and 3600 seconds, not {seconds}.");
        var retries = parse.GetValue(Retries);
        if (retries is < 0 or > 20)
            throw new CliError($"--llm-retries must be between 0 and 20, not {retries}.");
        var samples = parse.GetValue(Samples);
        if (samples is < 1 or > 20)
            throw new CliError($"--llm-samples must be between 1 and 20, not {samples}.");
        return new LlmChoice(kind, model, uri, LlmTranslatorOptions.Default with
        {
            Timeout = TimeSpan.FromSeconds(seconds),
            MaxRetries = retries,
            Samples = samples,
        });
    }
}
