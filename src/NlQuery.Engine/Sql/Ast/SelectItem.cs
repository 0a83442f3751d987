namespace NlQuery.Sql;

/// <summary>A result column: <c>*</c>, <c>t.*</c> (<see cref="StarQualifier"/>) or an expression with an optional alias.</summary>
public sealed record SelectItem(SqlExpression? Expression, string? Alias, bool IsStar = false, string? StarQualifier = null);
