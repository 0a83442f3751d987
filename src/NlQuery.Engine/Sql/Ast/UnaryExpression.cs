namespace NlQuery.Sql;

/// <summary><c>-x</c>, <c>+x</c> or <c>NOT x</c> (<see cref="Operator"/> is "-", "+" or "NOT").</summary>
public sealed record UnaryExpression(string Operator, SqlExpression Operand) : SqlExpression;
