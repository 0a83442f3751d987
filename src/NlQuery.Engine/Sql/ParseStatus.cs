namespace NlQuery.Sql;

/// <summary>What a prefix of SQL is.</summary>
public enum ParseStatus
{
    /// <summary>No extension of this text is a valid statement.</summary>
    Invalid,

    /// <summary>Some extension is a valid statement; the text itself is not one.</summary>
    Partial,

    /// <summary>The text is a whole valid statement (it may still be extended into another one).</summary>
    Complete,
}
