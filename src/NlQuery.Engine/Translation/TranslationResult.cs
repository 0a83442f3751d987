namespace NlQuery.Translation;

/// <summary>What a translation produced: candidates best first (possibly none), the model input it used, and timings.</summary>
public sealed record TranslationResult(IReadOnlyList<SqlCandidate> Candidates, string ModelInput, TranslationTimings Timings);
