namespace NlQuery;

/// <summary>Where answering a question spent its time; <see cref="Validate"/> covers parsing and EXPLAIN of every tried candidate.</summary>
public sealed record AnswerTimings(TimeSpan Translate, TimeSpan Validate, TimeSpan Execute, TimeSpan Total);
