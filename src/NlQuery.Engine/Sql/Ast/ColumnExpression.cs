namespace NlQuery.Sql;

/// <summary>A column reference, optionally qualified by a table name or alias.</summary>
public sealed record ColumnExpression(string? Qualifier, string Name) : SqlExpression;
