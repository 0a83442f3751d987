namespace NlQuery.Translation;

/// <summary>What a translation produced: candidates best first (possibly none), the model input it used, and timings.</summary>
public sealed record TranslationResult(IReadOnlyList<SqlCandidate> Candidates, string ModelInput, TranslationTimings Timings)
{
    /// <summary>Whether the model input was longer than the model accepts and was cut (its schema tail lost).</summary>
    public bool InputTruncated { get; init; }

    /// <summary>The schema part the model saw and why (the summariser's decision); null when it saw every table.</summary>
    public Linking.SchemaSummary? Summary { get; init; }

    /// <summary>The best beam as the model wrote it, in its own dialect, even when the parser rejects it (unconstrained evaluation scores it).</summary>
    public string? BestRaw { get; init; }

    /// <summary>The model's fitted confidence calibration (model.json's <c>confidence</c>); null gives the fixed formula.</summary>
    public ConfidenceCalibration? Calibration { get; init; }
}
