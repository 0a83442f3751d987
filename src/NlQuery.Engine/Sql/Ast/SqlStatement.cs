namespace NlQuery.Sql;

/// <summary>A parsed read-only statement: optional common table expressions and a query.</summary>
public sealed record SqlStatement(IReadOnlyList<CommonTableExpression> With, SqlQuery Query);
