namespace NlQuery.Training.Datasets;

/// <summary>One correction as training data: the question asked on a database and the SQL it should have produced.</summary>
public sealed record FeedbackCorrection(string DatabaseName, string Question, string Sql, DateTimeOffset CreatedUtc);
