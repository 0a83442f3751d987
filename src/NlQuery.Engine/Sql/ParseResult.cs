namespace NlQuery.Sql;

/// <summary>
/// The outcome of extending a <see cref="ParseState"/>: invalid with a reason and the offset where it went wrong,
/// or partial/complete with the new state.
/// </summary>
public readonly record struct ParseResult(ParseStatus Status, ParseState? State, string? Error, int ErrorOffset)
{
    public bool IsValid => Status != ParseStatus.Invalid;

    public static ParseResult Invalid(string error, int offset) => new(ParseStatus.Invalid, null, error, offset);

    public override string ToString() => Status switch
    {
        ParseStatus.Invalid => $"invalid: {Error}",
        ParseStatus.Partial => "partial",
        _ => "complete",
    };
}
