using Microsoft.ML.OnnxRuntime;
using NlQuery.OnnxRuntime;
using NlQuery.Translation;

namespace NlQuery.Cli.Models;

/// <summary>Finds the model folder (<c>--model</c>, else <c>models/default</c> beside nlq or in the repository) and loads it.</summary>
internal static class TranslatorFactory
{
    /// <summary>The folder to load: the one given, or the first default that exists; a clear error when there is none.</summary>
    public static string Locate(string? modelOption)
    {
        if (modelOption is not null)
        {
            var given = Path.GetFullPath(modelOption);
            return Directory.Exists(given)
                ? given
                : throw new CliError($"no model found at {given}: --model takes a model folder with its model.json (the default pointer model, " +
                                     "or a T5 export: README, \"Bring your own T5 model\").");
        }
        return DefaultModel.Locate() ?? throw new CliError(
            $"no model found: looked for {DefaultModel.RelativeFolder} beside nlq and in {Directory.GetCurrentDirectory()} and the folders above it. " +
            $"The default model comes with the NlQuery repository in {DefaultModel.RelativeFolder}: run nlq from inside the clone (git pull if it is " +
            "missing), or pass --model <folder>; nlq train builds one (docs/training.md).");
    }

    /// <summary>
    /// The translator <c>ask</c>, the REPL and <c>serve</c> use: the language model <c>--llm</c> names, else the model folder
    /// (<c>--model</c> or the default). The one place that chooses between them.
    /// </summary>
    public static ITranslator ForAsking(string? modelOption, LlmChoice? llm)
    {
        if (llm is null)
        {
            var folder = Locate(modelOption);
            // A canned folder (scripts' and tests' fixed answers), else a real model.
            return CannedTranslator.TryLoad(folder) ?? (ITranslator)Load(folder);
        }
        return modelOption is null ? llm.Create() : throw new CliError("give either --model or --llm, not both.");
    }

    /// <summary>Loads a model folder; the one place that decides which translator the CLI runs.</summary>
    public static ModelTranslator Load(string modelDir, ModelTranslatorOptions? options = null)
    {
        try
        {
            return ModelTranslator.Load(modelDir, options);
        }
        catch (Exception e) when (e is OnnxRuntimeException or ExecutionProviderUnavailableException or DllNotFoundException or EntryPointNotFoundException)
        {
            throw new CliError($"the model at {modelDir} cannot be run: {e.Message}");
        }
    }
}
