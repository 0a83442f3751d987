namespace NlQuery.Sql;

/// <summary>A scalar subquery.</summary>
public sealed record SubqueryExpression(SqlQuery Query) : SqlExpression;
