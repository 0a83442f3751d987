namespace NlQuery.Training.Evaluation;

/// <summary>The outcome of Spider's exact-set-match for one query, with the component scores behind it.</summary>
public sealed record ExactSetMatchResult(bool IsMatch, IReadOnlyDictionary<string, ComponentScore> Components);
