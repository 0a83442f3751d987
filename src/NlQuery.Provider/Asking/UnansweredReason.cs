namespace NlQuery;

/// <summary>Why no candidate SQL survived for a question (<see cref="UnansweredQuestionException.Kind"/>); the words are in its <c>Reason</c>.</summary>
public enum UnansweredReason
{
    /// <summary>The model finished no complete SQL query within its length limit.</summary>
    NoCompleteQuery,

    /// <summary>Every candidate was refused by NlQuery's parser (not a complete SELECT over this schema).</summary>
    NoValidQuery,

    /// <summary>Every candidate that parsed failed on the database (EXPLAIN or execution); the reason quotes the first error.</summary>
    DatabaseRejected,

    /// <summary>No table, column or stored value of the database matches the question's words.</summary>
    NotAboutThisDatabase,

    /// <summary>The question is not English, the only language the models read; refused before any model runs.</summary>
    NotEnglish,
}
