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

    /// <summary>The translator questions are asked with: a canned folder (<see cref="CannedTranslator"/>) or a real model.</summary>
    public static ITranslator LoadForAsking(string modelDir) => CannedTranslator.TryLoad(modelDir) ?? (ITranslator)Load(modelDir);

    /// <summary>
    /// The translator a long-running command (serve, the REPL) asks with: it follows <paramref name="modelDir"/>, so a
    /// model <c>nlq train</c> promotes there answers the next questions; <paramref name="log"/> hears of each reload.
    /// </summary>
    public static ReloadingTranslator LoadFollowing(string modelDir, Action<string> log)
    {
        var translator = new ReloadingTranslator(modelDir, LoadForAsking);
        translator.Reloaded += (_, folder) => log($"nlq: a new model was promoted to {folder}; new questions use it.");
        translator.ReloadFailed += (_, reason) => log("nlq: " + reason);
        return translator;
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
