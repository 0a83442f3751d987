namespace NlQuery.Training.Pipelines.Internal;

/// <summary>
/// Where train.py's <c>--init</c> finds weights in a folder the user names: a promoted model's float16 weights, or a
/// Hugging Face T5 folder, and the tokenizer they were trained with.
/// </summary>
internal static class T5InitWeights
{
    /// <summary>Where a promoted model keeps its float16 PyTorch weights (config.json, pytorch_model.bin, spiece.model).</summary>
    public const string WeightsSubfolder = "pytorch";

    /// <summary>The folder train.py's --init reads: the given one, or its <see cref="WeightsSubfolder"/>.</summary>
    /// <exception cref="InvalidOperationException">The folder is missing or holds no trainable weights.</exception>
    public static string WeightsFolder(string folder)
    {
        folder = Path.GetFullPath(folder);
        if (!Directory.Exists(folder))
            throw new InvalidOperationException($"--init: folder not found: {folder}");
        foreach (var candidate in new[] { folder, Path.Combine(folder, WeightsSubfolder) })
        {
            if (File.Exists(Path.Combine(candidate, "config.json")) &&
                (File.Exists(Path.Combine(candidate, "pytorch_model.bin")) || File.Exists(Path.Combine(candidate, "model.safetensors"))))
                return candidate;
        }
        throw new InvalidOperationException($"--init: {folder} has no PyTorch weights (config.json with pytorch_model.bin or model.safetensors, " +
                                            $"there or in {WeightsSubfolder}/); ONNX files alone cannot be trained further.");
    }

    /// <summary>The tokenizer beside the initial weights: a model's vocabulary is fixed by the tokenizer it was trained with.</summary>
    /// <exception cref="InvalidOperationException">Neither folder has a spiece.model.</exception>
    public static string TokenizerOf(string folder, string weights)
    {
        folder = Path.GetFullPath(folder);
        foreach (var candidate in new[] { Path.Combine(weights, "spiece.model"), Path.Combine(folder, "spiece.model") })
        {
            if (File.Exists(candidate))
                return candidate;
        }
        throw new InvalidOperationException($"--init: no spiece.model in {folder}: give --spm with the tokenizer these weights were trained with.");
    }
}
