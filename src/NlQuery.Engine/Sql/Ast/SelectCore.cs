namespace NlQuery.Sql;

/// <summary>One SELECT … FROM … WHERE … GROUP BY … HAVING …; <see cref="Top"/> holds T-SQL's TOP n.</summary>
public sealed record SelectCore(bool Distinct, SqlExpression? Top, IReadOnlyList<SelectItem> Columns, IReadOnlyList<FromItem> From,
    SqlExpression? Where, IReadOnlyList<SqlExpression> GroupBy, SqlExpression? Having);
