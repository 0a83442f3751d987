namespace NlQuery.Sql;

/// <summary>A table or derived table in FROM, with its alias and the join that brings it in.</summary>
public sealed record FromItem(JoinKind Join, string? Table, SqlQuery? Subquery, string? Alias, SqlExpression? On);
