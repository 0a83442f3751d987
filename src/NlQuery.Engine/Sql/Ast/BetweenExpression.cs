namespace NlQuery.Sql;

/// <summary><c>x [NOT] BETWEEN low AND high</c>.</summary>
public sealed record BetweenExpression(SqlExpression Operand, bool Not, SqlExpression Low, SqlExpression High) : SqlExpression;
