namespace NlQuery.Sql;

/// <summary>A parsed read-only statement: optional common table expressions and a query.</summary>
public sealed record SqlStatement(IReadOnlyList<CommonTableExpression> With, SqlQuery Query)
{
    /// <summary>
    /// The dialect the statement was parsed in, if any: printed back in it, function calls stay as written (in Grammar
    /// mode any name may be called); printed in another, a function that dialect lacks is refused.
    /// </summary>
    public SqlDialect? SourceDialect { get; init; }
}
