namespace NlQuery.Sql;

/// <summary>A number, a string (its value, unescaped) or NULL.</summary>
public sealed record LiteralExpression(LiteralKind Kind, string Value) : SqlExpression;
