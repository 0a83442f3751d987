using System.Text.Json;
using NlQuery.Models.Pointer;

namespace NlQuery.Translation;

/// <summary>
/// Loads a model folder as the family its <c>model.json</c> names in <c>format</c>: <c>pointer-minilm</c> (the default
/// model's family) or T5 in PICARD's format (<c>t5</c>, or no format: folders exported before formats existed).
/// </summary>
public static class ModelLoader
{
    public const string T5Format = "t5";

    /// <summary>What export_onnx.py writes in a T5 folder's <c>model.json</c>: a T5 model too.</summary>
    public const string T5ExportFormat = "nlquery-t5-onnx/1";

    // ONNX Runtime has one environment per process; every model loaded here (or by PointerSqlModel.Load without a
    // session factory) shares its global thread pools.
    internal static OnnxRuntime.OnnxRuntimeEnvironment Environment => field ??= new OnnxRuntime.OnnxRuntimeEnvironment();

    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">model.json or a file it needs is missing (the message names it).</exception>
    /// <exception cref="InvalidDataException">model.json names an unknown format, or a file is corrupt.</exception>
    public static ISqlModel Load(string folder, ModelTranslatorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        options ??= ModelTranslatorOptions.Default;
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
            throw new DirectoryNotFoundException($"Model folder not found: '{full}'.");
        var path = Path.Combine(full, T5ModelInfo.FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The model folder '{full}' has no {T5ModelInfo.FileName}.", path);
        string? format;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
            format = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("format", out var f) ? f.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            return format switch
            {
                PointerModelInfo.Format => PointerSqlModel.Load(full, PointerModelInfo.Read(path, document.RootElement),
                    file => Environment.CreateSession(file, options.Session)),
                null or T5Format or T5ExportFormat =>
                    T5Translator.Load(full, options.Session is null ? options.T5 : options.T5 with { Session = options.Session }, Environment),
                _ => throw new InvalidDataException($"{path}: unknown model format '{format}' (known: {PointerModelInfo.Format}, {T5Format}, {T5ExportFormat})."),
            };
        }
    }
}
