namespace NlQuery.Sql;

/// <summary>
/// The immutable state of the parser after a prefix of SQL. Extending it returns a new state and leaves this one
/// untouched, so beam hypotheses that share a prefix share its state.
/// </summary>
public sealed partial class ParseState
{
}
