namespace NlQuery.Sql.Lexing;

internal enum TokenKind : byte
{
    /// <summary>End of the statement (only fed when asking whether the text is complete).</summary>
    End,
    /// <summary>An unquoted word that is not a keyword of the dialect.</summary>
    Word,
    Keyword,
    /// <summary>A quoted identifier: [x], `x`, or "x" where double quotes always quote names (T-SQL).</summary>
    QuotedName,
    /// <summary>SQLite's "x": a name when it resolves to a column, else a string literal.</summary>
    DoubleQuoted,
    String,
    Integer,
    Decimal,
    Symbol,
}

internal enum Sym : byte
{
    None, LParen, RParen, Comma, Dot, Star, Plus, Minus, Slash, Percent, Eq, EqEq, Ne, LtGt, Lt, Le, Gt, Ge, Concat, Semicolon,
}

/// <summary>
/// One token. <see cref="IsPrefix"/> marks an unfinished word or quoted name: guards then ask whether some valid
/// name starts with the text, which is how an identifier is pruned while it is being typed.
/// </summary>
internal readonly struct Token
{
    public Token(TokenKind kind, string text, int offset, Kw keyword = Kw.None, Sym symbol = Sym.None, bool isPrefix = false, bool unclosed = false)
    {
        Unclosed = unclosed;
        Kind = kind;
        Text = text;
        Offset = offset;
        Keyword = keyword;
        Symbol = symbol;
        IsPrefix = isPrefix;
    }

    public TokenKind Kind { get; }
    public string Text { get; }
    public int Offset { get; }
    public Kw Keyword { get; }
    public Sym Symbol { get; }
    public bool IsPrefix { get; }

    /// <summary>
    /// A string or quoted name still being typed (fed to test what it may become): its text may still grow, even
    /// after what looks like its closing quote (a doubled quote is an escape).
    /// </summary>
    public bool Unclosed { get; }

    public bool Is(Kw keyword) => Kind == TokenKind.Keyword && Keyword == keyword;

    public bool Is(Sym symbol) => Kind == TokenKind.Symbol && Symbol == symbol;

    /// <summary>Whether the token can stand where a name is expected (unquoted word, quoted name, or a contextual keyword).</summary>
    public bool IsName => Kind is TokenKind.Word or TokenKind.QuotedName or TokenKind.DoubleQuoted
        || (Kind == TokenKind.Keyword && Keywords.IsContextual(Keyword));

    public static Token Symbolic(Sym symbol, int offset) => new(TokenKind.Symbol, Keywords.SymbolText(symbol), offset, symbol: symbol);

    public override string ToString() => Kind == TokenKind.End ? "end of statement" : Text;
}
