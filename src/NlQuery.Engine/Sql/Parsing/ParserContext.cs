namespace NlQuery.Sql.Parsing;

/// <summary>What every state of one <see cref="SqlParser"/> shares: dialect, schema lookups, whether guards run.</summary>
internal sealed class ParserContext(SqlDialect dialect, ParseMode mode, SchemaIndex? schema)
{
    public SqlDialect Dialect { get; } = dialect;
    public ParseMode Mode { get; } = mode;
    public SchemaIndex? Schema { get; } = schema;
    public bool Guards { get; } = mode == ParseMode.Guards;
}

/// <summary>A common table expression: its name and the names of its result columns.</summary>
internal sealed record CteDefinition(string Name, Lexing.NameSet Columns);

/// <summary>Where the last bare column reference sat (token indexes), to tell "a column" from "an expression".</summary>
internal readonly record struct ColumnMark(int Start, int End, string? Qualifier, string Name);
