using System.Text.Json;

namespace NlQuery.Translation;

/// <summary>
/// A model folder's <c>model.json</c>: the tokenizer file, the SQL dialect and target format the model was trained on,
/// and its input and output length limits.
/// </summary>
public sealed record T5ModelInfo
{
    public const string FileName = "model.json";

    public string Tokenizer { get; init; } = "spiece.model";

    /// <summary>The dialect of the SQL the model writes (Spider models: sqlite).</summary>
    public string Dialect { get; init; } = "sqlite";

    /// <summary>E.g. <c>db_id | sql</c> (PICARD) or <c>sql</c>.</summary>
    public string TargetFormat { get; init; } = "db_id | sql";

    /// <summary>Input tokens at most, end-of-sequence included (T5: 512).</summary>
    public int MaxInputLength { get; init; } = 512;

    public int MaxOutputLength { get; init; } = 256;

    /// <summary>The constraint prefix the target format implies: the text before <c>sql</c>, with <c>{db_id}</c> for <c>db_id</c>.</summary>
    public string TargetPrefixFormat
    {
        get
        {
            var at = TargetFormat.LastIndexOf("sql", StringComparison.Ordinal);
            return at < 0 ? "" : TargetFormat[..at].Replace("db_id", "{db_id}", StringComparison.Ordinal);
        }
    }

    /// <summary>Reads <c>model.json</c> from <paramref name="folder"/>.</summary>
    /// <exception cref="FileNotFoundException">The folder has no model.json.</exception>
    /// <exception cref="InvalidDataException">model.json is not valid JSON or has a field of the wrong type.</exception>
    public static T5ModelInfo Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The T5 model folder '{folder}' has no {FileName}.", path);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path} is not a JSON object.");
            var info = new T5ModelInfo();
            return info with
            {
                Tokenizer = String(root, "tokenizer") ?? info.Tokenizer,
                Dialect = String(root, "dialect") ?? info.Dialect,
                TargetFormat = String(root, "target_format") ?? info.TargetFormat,
                MaxInputLength = Int(root, "max_input_length") ?? info.MaxInputLength,
                MaxOutputLength = Int(root, "max_output_length") ?? info.MaxOutputLength,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path} is not a valid model description: {e.Message}", e);
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetString() : null;

    private static int? Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetInt32() : null;
}
