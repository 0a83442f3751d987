namespace NlQuery.Sql;

/// <summary>Parentheses as written: kept so that printing preserves the grouping exactly.</summary>
public sealed record ParenthesizedExpression(SqlExpression Inner) : SqlExpression;
