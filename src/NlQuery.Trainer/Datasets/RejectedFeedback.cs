namespace NlQuery.Training.Datasets;

/// <summary>A correction left out of training, and why (refused when it was given, or no longer valid for the schema).</summary>
public sealed record RejectedFeedback(string DatabaseName, string Question, string Sql, string Reason);
