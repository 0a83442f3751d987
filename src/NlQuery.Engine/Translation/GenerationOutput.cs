namespace NlQuery.Translation;

/// <summary>What <see cref="T5Translator.Generate"/> produced for one model input: beams best first, and timings.</summary>
public sealed record GenerationOutput(IReadOnlyList<GeneratedText> Beams, int InputTokens, bool InputTruncated,
    TimeSpan Encoding, TimeSpan Decoding, TimeSpan Constraint);
