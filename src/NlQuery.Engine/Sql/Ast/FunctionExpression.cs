namespace NlQuery.Sql;

/// <summary>A function call; <see cref="IsStar"/> for <c>count(*)</c>.</summary>
public sealed record FunctionExpression(string Name, bool Distinct, IReadOnlyList<SqlExpression> Arguments, bool IsStar = false) : SqlExpression;
