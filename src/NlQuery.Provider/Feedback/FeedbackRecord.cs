namespace NlQuery.Feedback;

/// <summary>
/// One piece of feedback on a generated query: a corrected SQL statement, a rating, or both. The trainer turns
/// accepted corrections into training examples for the database they were made on; a rejected one
/// (<see cref="Status"/>) is kept with its <see cref="Reason"/> and never trained on.
/// </summary>
public sealed record FeedbackRecord
{
    public FeedbackRecord(string question, string databaseName, string schemaHash, string? generatedSql,
        string? correctedSql, bool? rating, DateTimeOffset createdUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        ArgumentNullException.ThrowIfNull(schemaHash);
        if (correctedSql is null && rating is null)
            throw new ArgumentException("Feedback needs a corrected SQL statement, a rating, or both.", nameof(correctedSql));
        if (correctedSql is not null && string.IsNullOrWhiteSpace(correctedSql))
            throw new ArgumentException("A corrected SQL statement cannot be blank.", nameof(correctedSql));
        Question = question;
        DatabaseName = databaseName;
        SchemaHash = schemaHash;
        GeneratedSql = generatedSql;
        CorrectedSql = correctedSql;
        Rating = rating;
        CreatedUtc = createdUtc.ToUniversalTime();
    }

    public string Question { get; }

    public string DatabaseName { get; }

    /// <summary><see cref="Schema.DatabaseSchema.ComputeHash"/> of the schema the question was asked against.</summary>
    public string SchemaHash { get; }

    public string? GeneratedSql { get; }

    public string? CorrectedSql { get; }

    /// <summary>True for a good answer, false for a bad one, null when not rated.</summary>
    public bool? Rating { get; }

    public DateTimeOffset CreatedUtc { get; }

    /// <summary>Accepted unless the correction was refused when it was given.</summary>
    public FeedbackStatus Status
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown feedback status.");
    }

    /// <summary>Why a rejected correction was refused (the message the user was shown); null when accepted.</summary>
    public string? Reason { get; init; }

    /// <summary>This record marked rejected because of <paramref name="reason"/>.</summary>
    public FeedbackRecord Rejected(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return this with { Status = FeedbackStatus.Rejected, Reason = reason };
    }
}
