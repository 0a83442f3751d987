namespace NlQuery.Sql;

/// <summary>An ORDER BY term.</summary>
public sealed record OrderTerm(SqlExpression Expression, bool Descending, bool ExplicitAscending = false);
