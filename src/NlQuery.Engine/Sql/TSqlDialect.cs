using NlQuery.Sql.Lexing;

namespace NlQuery.Sql;

/// <summary>SQL Server: TOP n, OFFSET … FETCH, [name] and "name" (always a name), + concatenates.</summary>
internal sealed class TSqlDialect : SqlDialect
{
    private const int N = SqlFunction.Unbounded;

    public TSqlDialect() : base([Kw.Top, Kw.Rows, Kw.Row, Kw.Fetch, Kw.Next, Kw.First, Kw.Only], Functions(), SqliteDialect.TypeNameList)
    {
    }

    public override string Name => "tsql";

    internal override bool DoubleQuotesMayBeStrings => false;
    internal override bool AllowsBackticks => false;
    internal override bool UsesTop => true;
    internal override bool AllowsDoubleEquals => false;
    internal override bool HasConcatOperator => false;

    internal override string QuoteName(string name) => NeedsQuoting(name) ? "[" + name.Replace("]", "]]") + "]" : name;

    internal override string FunctionName(string name) => name.ToLowerInvariant() switch
    {
        "length" => "LEN",
        "substr" => "SUBSTRING",
        "ifnull" => "ISNULL",
        "group_concat" => "STRING_AGG",
        _ => name,
    };

    private static IEnumerable<SqlFunction> Functions() =>
    [
        new("count", 1, 1, AggregateKind.Always, AllowsStar: true),
        new("sum", 1, 1, AggregateKind.Always), new("avg", 1, 1, AggregateKind.Always),
        new("min", 1, 1, AggregateKind.Always), new("max", 1, 1, AggregateKind.Always),
        new("string_agg", 2, 2, AggregateKind.Always),
        new("lower", 1, 1), new("upper", 1, 1), new("len", 1, 1), new("substring", 3, 3),
        new("abs", 1, 1), new("round", 2, 3), new("coalesce", 2, N), new("isnull", 2, 2), new("nullif", 2, 2),
        new("iif", 3, 3), new("charindex", 2, 3), new("replace", 3, 3), new("trim", 1, 1), new("ltrim", 1, 1), new("rtrim", 1, 1),
        new("concat", 2, N), new("year", 1, 1), new("month", 1, 1), new("day", 1, 1), new("getdate", 0, 0),
    ];
}
