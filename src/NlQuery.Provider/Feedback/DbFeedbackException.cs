namespace NlQuery.Feedback;

/// <summary>Feedback could not be committed; the inner exception is the database's reason.</summary>
public sealed class DbFeedbackException(string message, Exception inner) : Exception(message, inner);
