namespace NlQuery.Translation;

/// <summary>How <see cref="ModelTranslator"/> decodes, whatever the model family.</summary>
public sealed record ModelTranslatorOptions
{
    public static ModelTranslatorOptions Default { get; } = new();

    /// <summary>Beams kept during the search; candidates returned at most.</summary>
    public int BeamSize { get; init; } = 4;

    /// <summary>Whether the incremental parser vetoes each step (PICARD). Off: plain beam search; candidates the parser rejects are dropped.</summary>
    public bool UseConstraint { get; init; } = true;

    /// <summary>Session options for every ONNX graph of the model (execution provider, CPU fallback); null: ONNX Runtime's defaults on CPU.</summary>
    public OnnxRuntime.OnnxSessionOptions? Session { get; init; }

    /// <summary>Options of the T5 family (top-k, lengths, serialiser, sessions); its beam size and constraint come from here.</summary>
    public T5TranslatorOptions T5 { get; init; } = T5TranslatorOptions.Default;

    internal void Validate()
    {
        if (BeamSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BeamSize), BeamSize, "The beam size must be at least 1.");
    }
}
