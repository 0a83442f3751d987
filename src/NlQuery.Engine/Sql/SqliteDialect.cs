using NlQuery.Sql.Lexing;

namespace NlQuery.Sql;

/// <summary>SQLite: LIMIT/OFFSET, "name" (or a string when no column has that name), [name] and `name`, == and ||.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    private const int N = SqlFunction.Unbounded;

    public SqliteDialect() : base([Kw.Limit, Kw.Glob], Functions(), TypeNameList)
    {
    }

    public override string Name => "sqlite";

    internal override bool DoubleQuotesMayBeStrings => true;
    internal override bool AllowsBackticks => true;
    internal override bool AllowsLimitComma => true;
    internal override bool UsesTop => false;
    internal override bool AllowsDoubleEquals => true;
    internal override bool HasConcatOperator => true;

    internal override string QuoteName(string name) => NeedsQuoting(name) ? "\"" + name.Replace("\"", "\"\"") + "\"" : name;

    internal override string FunctionName(string name) => name.ToLowerInvariant() switch
    {
        "len" => "length",
        "substring" => "substr",
        "isnull" => "ifnull",
        _ => name,
    };

    internal static readonly string[] TypeNameList =
        ["INTEGER", "INT", "BIGINT", "SMALLINT", "TEXT", "REAL", "NUMERIC", "FLOAT", "DOUBLE", "DECIMAL", "VARCHAR", "NVARCHAR", "CHAR", "DATE", "DATETIME", "BLOB", "BOOLEAN"];

    private static IEnumerable<SqlFunction> Functions() =>
    [
        new("count", 0, 1, AggregateKind.Always, AllowsStar: true),
        new("sum", 1, 1, AggregateKind.Always), new("avg", 1, 1, AggregateKind.Always), new("total", 1, 1, AggregateKind.Always),
        new("min", 1, N, AggregateKind.WhenOneArgument), new("max", 1, N, AggregateKind.WhenOneArgument),
        new("group_concat", 1, 2, AggregateKind.Always),
        new("lower", 1, 1), new("upper", 1, 1), new("length", 1, 1), new("substr", 2, 3), new("substring", 2, 3),
        new("abs", 1, 1), new("round", 1, 2), new("coalesce", 2, N), new("ifnull", 2, 2), new("nullif", 2, 2),
        new("iif", 3, 3), new("instr", 2, 2), new("replace", 3, 3), new("trim", 1, 2), new("ltrim", 1, 2), new("rtrim", 1, 2),
        new("typeof", 1, 1), new("random", 0, 0), new("hex", 1, 1), new("quote", 1, 1), new("printf", 1, N),
        new("date", 0, N), new("time", 0, N), new("datetime", 0, N), new("julianday", 0, N), new("strftime", 1, N),
    ];
}
