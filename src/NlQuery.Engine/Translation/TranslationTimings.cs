namespace NlQuery.Translation;

/// <summary>Where a translation spent its time.</summary>
public sealed record TranslationTimings(TimeSpan Linking, TimeSpan Encoding, TimeSpan Decoding, TimeSpan Constraint, TimeSpan Total);
