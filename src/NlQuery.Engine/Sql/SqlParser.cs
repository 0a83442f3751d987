using NlQuery.Schema;
using NlQuery.Sql.Lexing;
using NlQuery.Sql.Parsing;

namespace NlQuery.Sql;

/// <summary>
/// An incremental, dialect-aware SQL parser for read-only queries, optionally guarded by a schema. Build one per
/// (dialect, mode, schema) and reuse it: name lookups are precomputed here and shared by every state.
/// </summary>
public sealed class SqlParser
{
    private readonly ParserContext _context;

    public SqlParser(SqlDialect dialect, ParseMode mode, DatabaseSchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        if (!Enum.IsDefined(mode))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown parse mode.");
        if (mode == ParseMode.Guards && schema is null)
            throw new ArgumentException("ParseMode.Guards needs a schema to check names against.", nameof(schema));
        Dialect = dialect;
        Mode = mode;
        Schema = schema;
        _context = new ParserContext(dialect, mode, schema is null ? null : new SchemaIndex(schema));
        Start = new ParseState(_context, LexState.Initial, new Machine(_context), 0, false);
    }

    public SqlDialect Dialect { get; }

    public ParseMode Mode { get; }

    public DatabaseSchema? Schema { get; }

    /// <summary>The state of the empty prefix.</summary>
    public ParseState Start { get; }

    /// <summary>Parses a whole text: the same as <c>Start.Extend(sql)</c>.</summary>
    public ParseResult Parse(string sql) => Start.Extend(sql);

    /// <summary>Parses a complete statement into its syntax tree, or throws <see cref="SqlParseException"/>.</summary>
    public SqlStatement ParseStatement(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var result = Parse(sql);
        if (!result.IsValid)
            throw new SqlParseException(result.Error!, result.ErrorOffset);
        if (result.Status != ParseStatus.Complete)
            throw new SqlParseException($"incomplete statement: {result.State!.IncompleteReason()}", sql.Length);
        return new AstBuilder(Schema, Tokenize(sql, Dialect)).Build() with { SourceDialect = Dialect };
    }

    /// <summary>The tokens of a whole text, ending with an End token (the pointer model's targets are built from them).</summary>
    internal static List<Token> Tokenize(string sql, SqlDialect dialect)
    {
        var tokens = new List<Token>();
        var lex = LexState.Initial;
        for (var i = 0; i < sql.Length; i++)
        {
            var n = Lexer.Step(ref lex, sql[i], i, dialect, out var first, out var second, out _);
            if (n >= 1)
                tokens.Add(first);
            if (n == 2)
                tokens.Add(second);
        }
        if (Lexer.TryFinish(lex, dialect, out var last))
            tokens.Add(last);
        tokens.Add(new Token(TokenKind.End, "", sql.Length));
        return tokens;
    }
}
