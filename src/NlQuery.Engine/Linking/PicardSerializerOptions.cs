namespace NlQuery.Linking;

/// <summary>Settings of <see cref="PicardSerializer"/>. The defaults are those PICARD's released checkpoints were trained with.</summary>
public sealed record PicardSerializerOptions
{
    public static PicardSerializerOptions Default { get; } = new();

    /// <summary>Put the database id after the question (PICARD's <c>schema_serialization_with_db_id</c>; its parser needs it).</summary>
    public bool IncludeDatabaseId { get; init; } = true;

    /// <summary>
    /// PICARD's <c>normalize_query</c>: lower-case table and column names in the input, and normalise the target SQL
    /// (<see cref="TargetNormalizer"/>).
    /// </summary>
    public bool NormalizeNames { get; init; } = true;

    /// <summary>Start the target with <c>db_id | </c> (PICARD's <c>target_with_db_id</c>).</summary>
    public bool TargetIncludesDatabaseId { get; init; } = true;

    /// <summary>List matched database values after their columns (PICARD's <c>schema_serialization_with_db_content</c>).</summary>
    public bool IncludeDatabaseValues { get; init; } = true;

    /// <summary>The value matcher's threshold and per-column cap.</summary>
    public ValueMatcherOptions Matching { get; init; } = ValueMatcherOptions.Default;

    /// <summary>A text put before the question (PICARD's <c>source_prefix</c>; none for its checkpoints).</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Append a conversation's earlier questions (PICARD's CoSQL format). Off: every question stands alone.</summary>
    public bool IncludePreviousQuestions { get; init; } = true;

    /// <summary>How many earlier questions are kept, most recent first; null keeps all, as PICARD does.</summary>
    public int? MaxPreviousQuestions { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Matching, nameof(Matching));
        ArgumentNullException.ThrowIfNull(Prefix, nameof(Prefix));
        Matching.Validate();
        if (MaxPreviousQuestions is < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxPreviousQuestions), MaxPreviousQuestions, "The number of earlier questions cannot be negative.");
    }
}
