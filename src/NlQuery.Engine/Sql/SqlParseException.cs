namespace NlQuery.Sql;

/// <summary>SQL the parser rejects: the reason and the character offset where the text became invalid.</summary>
public sealed class SqlParseException : FormatException
{
    public SqlParseException(string message, int offset)
        : base($"{message} (at offset {offset})")
    {
        Reason = message;
        Offset = offset;
    }

    /// <summary>The reason alone, without the offset.</summary>
    public string Reason { get; }

    /// <summary>The character offset from the statement's start where it became invalid.</summary>
    public int Offset { get; }
}
