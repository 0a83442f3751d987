namespace NlQuery.Translation;

/// <summary>
/// One reply of a model that is asked again when its SQL is rejected: which sample and try it was, what the model
/// wrote, the SQL found in it, and why it was rejected (null when it was accepted). <c>:why</c> and
/// <c>--format json</c> show these.
/// </summary>
public sealed record TranslationAttempt(int Sample, int Try, string Reply, string? Sql, TranslationAttemptOutcome Outcome, string? Rejection);
