namespace NlQuery.Translation;

/// <summary>What became of one reply of a model that is asked again on a rejection (<see cref="TranslationAttempt"/>).</summary>
public enum TranslationAttemptOutcome
{
    /// <summary>The SQL passed the parser and the database's check: it became a candidate.</summary>
    Accepted,

    /// <summary>The reply held no SQL statement.</summary>
    NoSql,

    /// <summary>NlQuery's parser rejected the SQL (not a complete SELECT over this schema).</summary>
    Parser,

    /// <summary>The database rejected the SQL (<see cref="TranslationRequest.CheckCandidate"/>, e.g. EXPLAIN).</summary>
    Database,
}
