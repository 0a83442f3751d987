namespace NlQuery.Training.Datasets;

/// <summary>An example left out of the training set, with the reason (the parser's error, a missing database, …).</summary>
public sealed record DroppedExample(string Source, string DbId, string Question, string? Sql, string Reason);
