namespace NlQuery.Sql;

/// <summary>
/// A binary operator: arithmetic, comparison, AND/OR, concatenation ("||"), LIKE/GLOB/IS with their NOT forms
/// (<see cref="Operator"/> holds the upper-case spelling, e.g. "NOT LIKE", "IS NOT").
/// </summary>
public sealed record BinaryExpression(SqlExpression Left, string Operator, SqlExpression Right) : SqlExpression;
