using NlQuery.Linking;
using NlQuery.OnnxRuntime;

namespace NlQuery.Translation;

/// <summary>How <see cref="T5Translator"/> decodes. Defaults follow PICARD (beam 4, top-k 8 per hypothesis).</summary>
public sealed record T5TranslatorOptions
{
    public static T5TranslatorOptions Default { get; } = new();

    public int BeamSize { get; init; } = 4;

    /// <summary>Tokens of each hypothesis the parser is asked about at each step.</summary>
    public int TopK { get; init; } = 8;

    /// <summary>
    /// Under the constraint, tokens offered in all to a hypothesis none of whose top-k tokens the parser accepted
    /// (best first, until the beam is filled); 0 turns the fallback off (PICARD: the hypothesis dies). The default, the
    /// whole vocabulary, keeps a hypothesis alive whenever any valid continuation exists: the cost (a sort of the
    /// vocabulary and a parser check per token tried) is paid only when stuck.
    /// </summary>
    public int FallbackTopK { get; init; } = int.MaxValue;

    /// <summary>Generated tokens at most; null: the model folder's <c>max_output_length</c> (else 256).</summary>
    public int? MaxLength { get; init; }

    public double LengthPenalty { get; init; } = 1.0;

    /// <summary>Whether the incremental parser vetoes tokens (PICARD). Off: plain beam search, and candidates the parser rejects are dropped.</summary>
    public bool UseConstraint { get; init; } = true;

    /// <summary>
    /// The text the model writes before the SQL, with <c>{db_id}</c> standing for the schema's name; null or empty
    /// when the model writes the SQL alone. Null here: the model folder's <c>target_format</c> decides
    /// (<c>db_id | sql</c> → <c>{db_id} | </c>).
    /// </summary>
    public string? TargetPrefixFormat { get; init; }

    /// <summary>How the question and schema become the model input.</summary>
    public PicardSerializerOptions Serializer { get; init; } = PicardSerializerOptions.Default;

    /// <summary>Session options for the three ONNX files (execution provider, threads); null: ONNX Runtime's defaults on CPU.</summary>
    public OnnxSessionOptions? Session { get; init; }
}
