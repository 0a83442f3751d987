namespace NlQuery.Sql;

/// <summary><c>CAST(x AS type)</c>; <see cref="TypeName"/> as written, with any length arguments.</summary>
public sealed record CastExpression(SqlExpression Operand, string TypeName) : SqlExpression;
