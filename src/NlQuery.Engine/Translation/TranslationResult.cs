namespace NlQuery.Translation;

/// <summary>What a translation produced: candidates best first (possibly none), the model input it used, and timings.</summary>
public sealed record TranslationResult(IReadOnlyList<SqlCandidate> Candidates, string ModelInput, TranslationTimings Timings)
{
    /// <summary>Whether the model input was longer than the model accepts and was cut (its schema tail lost).</summary>
    public bool InputTruncated { get; init; }
}
