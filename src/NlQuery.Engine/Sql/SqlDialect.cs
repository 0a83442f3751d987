using NlQuery.Sql.Lexing;

namespace NlQuery.Sql;

/// <summary>
/// A SQL dialect: what its lexer and grammar accept (quotes, keywords, functions, how rows are limited) and how a
/// parsed statement is printed in it. Adding PostgreSQL means one more subclass with its own tables.
/// </summary>
public abstract class SqlDialect
{
    private readonly Dictionary<string, SqlFunction> _functions;

    private protected SqlDialect(IEnumerable<Kw> extraKeywords, IEnumerable<SqlFunction> functions, IEnumerable<string> typeNames)
    {
        KeywordTable = new KeywordTable(Keywords.Common.Concat(extraKeywords));
        _functions = functions.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        FunctionNames = new NameSet(_functions.Keys);
        TypeNames = new NameSet(typeNames);
    }

    public static SqlDialect Sqlite { get; } = new SqliteDialect();

    public static SqlDialect TSql { get; } = new TSqlDialect();

    public static SqlDialect PostgreSql { get; } = new PostgreSqlDialect();

    /// <summary>The dialects by name, as the CLI and configuration spell them.</summary>
    public static IReadOnlyList<SqlDialect> All { get; } = [Sqlite, TSql, PostgreSql];

    /// <summary>The dialect's name: "sqlite", "tsql" or "postgresql".</summary>
    public abstract string Name { get; }

    public static SqlDialect FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var dialect in All)
        {
            if (string.Equals(dialect.Name, name, StringComparison.OrdinalIgnoreCase))
                return dialect;
        }
        throw new ArgumentException($"Unknown SQL dialect '{name}'. Valid names: {string.Join(", ", All.Select(d => d.Name))}.", nameof(name));
    }

    /// <summary>The dialect NlQuery writes for a kind of database (the one place that maps the two).</summary>
    public static SqlDialect For(Schema.DatabaseKind kind) => kind switch
    {
        Schema.DatabaseKind.Sqlite => Sqlite,
        Schema.DatabaseKind.SqlServer => TSql,
        Schema.DatabaseKind.PostgreSql => PostgreSql,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a database kind NlQuery writes SQL for."),
    };

    /// <summary>Renders a statement in this dialect (e.g. SQLite's LIMIT becomes T-SQL's TOP or OFFSET … FETCH).</summary>
    public string Print(SqlStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return new SqlPrinter(this).Print(statement);
    }

    public override string ToString() => Name;

    internal KeywordTable KeywordTable { get; }

    internal NameSet FunctionNames { get; }

    internal NameSet TypeNames { get; }

    internal SqlFunction? FindFunction(string name) => _functions.GetValueOrDefault(name);

    /// <summary>SQLite: a double-quoted token is a column name when one resolves, otherwise a string literal.</summary>
    internal abstract bool DoubleQuotesMayBeStrings { get; }

    internal abstract bool AllowsBackticks { get; }

    internal virtual bool AllowsBrackets => true;

    /// <summary>SQLite's <c>LIMIT offset, count</c>.</summary>
    internal virtual bool AllowsLimitComma => false;

    /// <summary>PostgreSQL's <c>OFFSET m</c> without LIMIT (SQLite needs <c>LIMIT -1 OFFSET m</c>).</summary>
    internal virtual bool AllowsOffsetWithoutLimit => false;

    /// <summary>SQLite/PostgreSQL: LIMIT n [OFFSET m]. T-SQL: TOP n and ORDER BY … OFFSET m ROWS FETCH NEXT n ROWS ONLY.</summary>
    internal abstract bool UsesTop { get; }

    /// <summary>Whether == compares (SQLite).</summary>
    internal abstract bool AllowsDoubleEquals { get; }

    /// <summary>Whether || concatenates (SQLite, PostgreSQL; T-SQL uses +).</summary>
    internal abstract bool HasConcatOperator { get; }

    /// <summary>Quotes a name when it is not a plain identifier or collides with a keyword.</summary>
    internal abstract string QuoteName(string name);

    /// <summary>The dialect's spelling of a function another dialect calls <paramref name="name"/> (e.g. length → LEN).</summary>
    internal virtual string FunctionName(string name) => name;

    internal bool NeedsQuoting(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_'))
            return true;
        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
                return true;
        }
        return KeywordTable.TryGet(name, out _);
    }
}
