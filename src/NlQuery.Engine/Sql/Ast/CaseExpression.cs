namespace NlQuery.Sql;

/// <summary><c>CASE [operand] WHEN … THEN … [ELSE …] END</c>.</summary>
public sealed record CaseExpression(SqlExpression? Operand, IReadOnlyList<(SqlExpression When, SqlExpression Then)> Branches, SqlExpression? Else) : SqlExpression;
