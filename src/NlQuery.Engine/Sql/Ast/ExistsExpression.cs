namespace NlQuery.Sql;

/// <summary><c>EXISTS (subquery)</c>.</summary>
public sealed record ExistsExpression(SqlQuery Query) : SqlExpression;
