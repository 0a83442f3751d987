using NlQuery.OnnxRuntime;
using NlQuery.Translation;

namespace NlQuery.Cli.Models;

/// <summary>Finds the model folder (<c>--model</c>, else <c>models/default</c> beside nlq or in the repository) and loads it.</summary>
internal static class TranslatorFactory
{
    public const string DefaultModelFolder = "models/default";

    /// <summary>The folder to load: the one given, or the first default that exists; a clear error when there is none.</summary>
    public static string Locate(string? modelOption)
    {
        if (modelOption is not null)
        {
            var given = Path.GetFullPath(modelOption);
            return Directory.Exists(given) ? given : throw NoModel(given);
        }
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, DefaultModelFolder) };
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            candidates.Add(Path.Combine(dir.FullName, DefaultModelFolder));
        return candidates.FirstOrDefault(Directory.Exists) ?? throw NoModel(candidates[0]);
    }

    /// <summary>Loads a model folder; the one place that decides which translator the CLI runs.</summary>
    public static T5Translator Load(string modelDir, T5TranslatorOptions? options = null)
    {
        try
        {
            return T5Translator.Load(modelDir, options);
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            throw new CliError($"the model at {modelDir} cannot be run: {e.Message}");
        }
    }

    private static CliError NoModel(string path) => new($"no model found at {path}: train one with nlq train or pass --model");
}
