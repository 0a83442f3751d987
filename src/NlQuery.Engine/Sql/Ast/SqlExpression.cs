namespace NlQuery.Sql;

/// <summary>An expression node.</summary>
public abstract record SqlExpression;
