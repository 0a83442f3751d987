using NlQuery.Sql.Lexing;

namespace NlQuery.Sql;

/// <summary>PostgreSQL: LIMIT/OFFSET, "name" only (never a string), || concatenates, no ==.</summary>
internal sealed class PostgreSqlDialect : SqlDialect
{
    private const int N = SqlFunction.Unbounded;

    public PostgreSqlDialect() : base([Kw.Limit], Functions(), SqliteDialect.TypeNameList)
    {
    }

    public override string Name => "postgresql";

    internal override bool DoubleQuotesMayBeStrings => false;
    internal override bool AllowsBackticks => false;
    internal override bool AllowsBrackets => false;
    internal override bool AllowsOffsetWithoutLimit => true;
    internal override bool UsesTop => false;
    internal override bool AllowsDoubleEquals => false;
    internal override bool HasConcatOperator => true;

    internal override string QuoteName(string name) => NeedsQuoting(name) ? "\"" + name.Replace("\"", "\"\"") + "\"" : name;

    internal override string FunctionName(string name) => name.ToLowerInvariant() switch
    {
        "len" => "length",
        "substr" or "substring" => "substr",
        "ifnull" or "isnull" => "coalesce",
        "group_concat" => "string_agg",
        _ => name,
    };

    private static IEnumerable<SqlFunction> Functions() =>
    [
        new("count", 0, 1, AggregateKind.Always, AllowsStar: true),
        new("sum", 1, 1, AggregateKind.Always), new("avg", 1, 1, AggregateKind.Always),
        new("min", 1, 1, AggregateKind.Always), new("max", 1, 1, AggregateKind.Always),
        new("string_agg", 2, 2, AggregateKind.Always),
        new("lower", 1, 1), new("upper", 1, 1), new("length", 1, 1), new("substr", 2, 3),
        new("abs", 1, 1), new("round", 1, 2), new("coalesce", 1, N), new("nullif", 2, 2), new("greatest", 1, N), new("least", 1, N),
        new("replace", 3, 3), new("trim", 1, 1), new("ltrim", 1, 2), new("rtrim", 1, 2), new("concat", 1, N),
        new("date_part", 2, 2), new("now", 0, 0), new("to_char", 2, 2),
    ];
}
