namespace NlQuery.Sql;

/// <summary><c>x [NOT] IN (values)</c> or <c>x [NOT] IN (subquery)</c>.</summary>
public sealed record InExpression(SqlExpression Operand, bool Not, IReadOnlyList<SqlExpression> Values, SqlQuery? Subquery) : SqlExpression;
