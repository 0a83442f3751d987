using NlQuery.Llm;

namespace NlQuery.Cli.Models;

/// <summary>The language model <c>--llm</c> names: which kind of endpoint, the model, where, and how it is asked.</summary>
internal sealed record LlmChoice(LlmProvider Provider, string Model, Uri? Endpoint, LlmTranslatorOptions Options)
{
    /// <summary>Builds the translator; the key comes from <see cref="LlmTranslator.KeyVariable"/>, never from the command line.</summary>
    public LlmTranslator Create()
    {
        try
        {
            return LlmTranslator.Create(Provider, Model, Endpoint, apiKey: null, Options);
        }
        catch (ArgumentException e)
        {
            throw new CliError($"--llm {Provider.ToString().ToLowerInvariant()}: {e.Message}");
        }
    }
}
