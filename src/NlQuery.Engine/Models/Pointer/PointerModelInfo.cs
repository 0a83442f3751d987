using System.Text.Json;

namespace NlQuery.Models.Pointer;

/// <summary>A pointer model folder's <c>model.json</c> (docs/pointer-model.md).</summary>
public sealed record PointerModelInfo
{
    public const string Format = "pointer-minilm";

    public required ActionVocabulary Vocabulary { get; init; }

    /// <summary>LSTM layers of the decoder (the first dimension of its h and c).</summary>
    public required int Layers { get; init; }

    /// <summary>The width of the linker's memory and the decoder's state.</summary>
    public required int Hidden { get; init; }

    /// <summary><see cref="EncoderFiles.MiniLmPackage"/>, or the name of a fine-tuned encoder's ONNX file in the folder.</summary>
    public string Encoder { get; init; } = EncoderFiles.MiniLmPackage;

    public int MaxActions { get; init; } = 128;

    /// <summary>Word pieces the encoder reads at most (the summariser's budget).</summary>
    public int TokenBudget { get; init; } = PointerInputBuilder.DefaultMaxTokens;

    public string Dialect { get; init; } = "sqlite";

    /// <summary><c>ablate_linking</c>: build inputs without schema-linking relations (an ablation, never a shipped model).</summary>
    public bool AblateLinking { get; init; }

    /// <exception cref="InvalidDataException">A field is missing or of the wrong kind (the message names it).</exception>
    public static PointerModelInfo Read(string path, JsonElement root)
    {
        try
        {
            var vocabulary = root.GetProperty("vocab").EnumerateArray().Select(e => e.GetString() ?? "").ToList();
            var info = new PointerModelInfo
            {
                Vocabulary = new ActionVocabulary(vocabulary),
                Layers = root.GetProperty("layers").GetInt32(),
                Hidden = root.GetProperty("hidden").GetInt32(),
            };
            return info with
            {
                Encoder = root.TryGetProperty("encoder", out var encoder) ? encoder.GetString() ?? info.Encoder : info.Encoder,
                MaxActions = root.TryGetProperty("max_actions", out var actions) ? Math.Max(actions.GetInt32(), 16) : info.MaxActions,
                TokenBudget = root.TryGetProperty("token_budget", out var budget) ? budget.GetInt32() : info.TokenBudget,
                Dialect = root.TryGetProperty("dialect", out var dialect) ? dialect.GetString() ?? info.Dialect : info.Dialect,
                AblateLinking = root.TryGetProperty("ablate_linking", out var ablate) && ablate.GetBoolean(),
            };
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a valid pointer model description ({e.Message}); it needs vocab, layers and hidden.", e);
        }
    }
}
