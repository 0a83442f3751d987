namespace NlQuery.Translation;

/// <summary>What a model (<see cref="ISqlModel.Generate"/>, <see cref="T5Translator.Generate"/>) produced for one model input: beams best first, and timings.</summary>
public sealed record GenerationOutput(IReadOnlyList<GeneratedText> Beams, int InputTokens, bool InputTruncated,
    TimeSpan Encoding, TimeSpan Decoding, TimeSpan Constraint)
{
    /// <summary>The model input as text (what <c>:why</c> shows).</summary>
    public string ModelInput { get; init; } = "";

    /// <summary>The schema part the model saw: the summariser's selection (null when the model saw every table).</summary>
    public Linking.SchemaSummary? Summary { get; init; }

    /// <summary>Time spent summarising the schema and building the input.</summary>
    public TimeSpan Linking { get; init; }
}
