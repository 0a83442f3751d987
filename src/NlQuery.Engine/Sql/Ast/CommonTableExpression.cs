namespace NlQuery.Sql;

/// <summary><c>name AS (query)</c> in a WITH clause.</summary>
public sealed record CommonTableExpression(string Name, SqlQuery Query);
