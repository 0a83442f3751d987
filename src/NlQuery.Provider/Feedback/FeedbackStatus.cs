namespace NlQuery.Feedback;

/// <summary>Whether a piece of feedback may become training data.</summary>
public enum FeedbackStatus
{
    /// <summary>Passed the checks when it was given (a rating, or a correction the parser and the database accepted).</summary>
    Accepted,

    /// <summary>
    /// A correction the parser or the database refused: kept with the reason (so the user's attempt is not lost and
    /// can be reviewed) but never trained on.
    /// </summary>
    Rejected,
}
