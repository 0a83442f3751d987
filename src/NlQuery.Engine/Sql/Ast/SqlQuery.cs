namespace NlQuery.Sql;

/// <summary>
/// One or more SELECT cores joined by set operators (<see cref="Operators"/>[i] joins core i and i+1), then the
/// ordering and row limits that apply to the whole.
/// </summary>
public sealed record SqlQuery(IReadOnlyList<SelectCore> Cores, IReadOnlyList<SetOperator> Operators, IReadOnlyList<OrderTerm> OrderBy,
    SqlExpression? Limit, SqlExpression? Offset);
