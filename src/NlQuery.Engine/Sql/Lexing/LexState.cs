namespace NlQuery.Sql.Lexing;

internal enum LexMode : byte { Between, Word, Number, String, Quoted, Operator }

/// <summary>
/// The token in progress between two <c>Extend</c> calls: its kind, its text so far and where it started. A value:
/// copying it is how a parse state forks.
/// </summary>
internal readonly record struct LexState(LexMode Mode, string Text, int Start, char Close = '\0', bool Flag = false)
{
    public static readonly LexState Initial = new(LexMode.Between, "", 0);
}

/// <summary>The character-level lexer: one step per character, emitting at most two finished tokens.</summary>
internal static class Lexer
{
    public static bool IsWordStart(char c) => char.IsLetter(c) || c == '_';

    public static bool IsWordPart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$';

    /// <summary>
    /// Consumes <paramref name="c"/>. Returns the number of tokens emitted (0–2) or -1 with <paramref name="error"/>.
    /// </summary>
    public static int Step(ref LexState state, char c, int offset, SqlDialect dialect, out Token first, out Token second, out string? error)
    {
        first = default;
        second = default;
        error = null;
        switch (state.Mode)
        {
            case LexMode.Word:
                if (IsWordPart(c))
                {
                    state = state with { Text = state.Text + c };
                    return 0;
                }
                first = FinishWord(state, dialect);
                state = LexState.Initial;
                return Begin(ref state, c, offset, dialect, ref second, out error) is var n && n < 0 ? -1 : 1 + n;

            case LexMode.Number:
                if (char.IsAsciiDigit(c))
                {
                    state = state with { Text = state.Text + c };
                    return 0;
                }
                if (c == '.' && !state.Flag)
                {
                    state = state with { Text = state.Text + c, Flag = true };
                    return 0;
                }
                if (IsWordPart(c))
                {
                    error = $"malformed number '{state.Text}{c}'";
                    return -1;
                }
                first = FinishNumber(state);
                state = LexState.Initial;
                return Begin(ref state, c, offset, dialect, ref second, out error) is var m && m < 0 ? -1 : 1 + m;

            case LexMode.String:
            case LexMode.Quoted:
                if (state.Flag)
                {
                    // The closing quote was seen; a second one is an escaped quote.
                    if (c == state.Close)
                    {
                        state = state with { Text = state.Text + c, Flag = false };
                        return 0;
                    }
                    if (!TryFinishQuoted(state, dialect, out first, out error))
                        return -1;
                    state = LexState.Initial;
                    return Begin(ref state, c, offset, dialect, ref second, out error) is var q && q < 0 ? -1 : 1 + q;
                }
                state = c == state.Close ? state with { Flag = true } : state with { Text = state.Text + c };
                return 0;

            case LexMode.Operator:
                var op = state.Text[0];
                var two = op switch
                {
                    '<' when c == '=' => Sym.Le,
                    '<' when c == '>' => Sym.LtGt,
                    '>' when c == '=' => Sym.Ge,
                    '=' when c == '=' && dialect.AllowsDoubleEquals => Sym.EqEq,
                    '!' when c == '=' => Sym.Ne,
                    '|' when c == '|' && dialect.HasConcatOperator => Sym.Concat,
                    _ => Sym.None,
                };
                if (two != Sym.None)
                {
                    first = Token.Symbolic(two, state.Start);
                    state = LexState.Initial;
                    return 1;
                }
                if ((op == '-' && c == '-') || (op == '/' && c == '*'))
                {
                    error = "comments are not allowed";
                    return -1;
                }
                var one = SingleOperator(op);
                if (one == Sym.None)
                {
                    error = $"unexpected character '{op}'";
                    return -1;
                }
                first = Token.Symbolic(one, state.Start);
                state = LexState.Initial;
                return Begin(ref state, c, offset, dialect, ref second, out error) is var r && r < 0 ? -1 : 1 + r;

            default:
                return Begin(ref state, c, offset, dialect, ref first, out error);
        }
    }

    private static Sym SingleOperator(char op) => op switch
    {
        '<' => Sym.Lt, '>' => Sym.Gt, '=' => Sym.Eq, '-' => Sym.Minus, '/' => Sym.Slash, _ => Sym.None,
    };

    /// <summary>Starts a token at <paramref name="c"/> from the between-tokens state.</summary>
    private static int Begin(ref LexState state, char c, int offset, SqlDialect dialect, ref Token token, out string? error)
    {
        error = null;
        if (char.IsWhiteSpace(c))
            return 0;
        if (IsWordStart(c))
        {
            state = new LexState(LexMode.Word, c.ToString(), offset);
            return 0;
        }
        if (char.IsAsciiDigit(c))
        {
            state = new LexState(LexMode.Number, c.ToString(), offset);
            return 0;
        }
        switch (c)
        {
            case '\'':
                state = new LexState(LexMode.String, "", offset, '\'');
                return 0;
            case '"':
                state = new LexState(LexMode.Quoted, "", offset, '"');
                return 0;
            case '[' when dialect.AllowsBrackets:
                state = new LexState(LexMode.Quoted, "", offset, ']');
                return 0;
            case '`' when dialect.AllowsBackticks:
                state = new LexState(LexMode.Quoted, "", offset, '`');
                return 0;
            case '<' or '>' or '=' or '!' or '|' or '-' or '/':
                state = new LexState(LexMode.Operator, c.ToString(), offset);
                return 0;
        }
        var symbol = c switch
        {
            '(' => Sym.LParen, ')' => Sym.RParen, ',' => Sym.Comma, '.' => Sym.Dot, '*' => Sym.Star, '+' => Sym.Plus,
            '%' => Sym.Percent, ';' => Sym.Semicolon, _ => Sym.None,
        };
        if (symbol == Sym.None)
        {
            error = $"unexpected character '{c}'";
            return -1;
        }
        token = Token.Symbolic(symbol, offset);
        return 1;
    }

    public static Token FinishWord(in LexState state, SqlDialect dialect) =>
        dialect.KeywordTable.TryGet(state.Text, out var keyword)
            ? new Token(TokenKind.Keyword, state.Text, state.Start, keyword)
            : new Token(TokenKind.Word, state.Text, state.Start);

    private static Token FinishNumber(in LexState state) =>
        new(state.Flag ? TokenKind.Decimal : TokenKind.Integer, state.Text, state.Start);

    private static bool TryFinishQuoted(in LexState state, SqlDialect dialect, out Token token, out string? error)
    {
        error = null;
        if (state.Mode == LexMode.String)
        {
            token = new Token(TokenKind.String, state.Text, state.Start);
            return true;
        }
        var kind = state.Close == '"' && dialect.DoubleQuotesMayBeStrings ? TokenKind.DoubleQuoted : TokenKind.QuotedName;
        token = new Token(kind, state.Text, state.Start);
        if (state.Text.Length == 0 && kind == TokenKind.QuotedName)
        {
            error = "empty quoted name";
            return false;
        }
        return true;
    }

    /// <summary>The token the text in progress would be if the statement ended here, if it can end here.</summary>
    public static bool TryFinish(in LexState state, SqlDialect dialect, out Token token)
    {
        token = default;
        switch (state.Mode)
        {
            case LexMode.Word:
                token = FinishWord(state, dialect);
                return true;
            case LexMode.Number:
                token = FinishNumber(state);
                return true;
            case LexMode.String or LexMode.Quoted when state.Flag:
                return TryFinishQuoted(state, dialect, out token, out _);
            case LexMode.Operator:
                var one = SingleOperator(state.Text[0]);
                token = Token.Symbolic(one, state.Start);
                return one != Sym.None;
            default:
                return false;
        }
    }

    /// <summary>Tokens the text in progress may still become; the parser must accept one of them.</summary>
    public static IEnumerable<Token> Candidates(LexState state, SqlDialect dialect)
    {
        switch (state.Mode)
        {
            case LexMode.Word:
                // Handled by the caller: keywords by prefix plus a name prefix.
                yield break;
            case LexMode.Number:
                yield return new Token(TokenKind.Integer, state.Text, state.Start);
                yield break;
            case LexMode.String:
                yield return new Token(TokenKind.String, state.Text, state.Start, unclosed: true);
                yield break;
            case LexMode.Quoted:
                var kind = state.Close == '"' && dialect.DoubleQuotesMayBeStrings ? TokenKind.DoubleQuoted : TokenKind.QuotedName;
                yield return new Token(kind, state.Text, state.Start, isPrefix: !state.Flag, unclosed: true);
                yield break;
            case LexMode.Operator:
                Sym[] options = state.Text[0] switch
                {
                    '<' => [Sym.Lt, Sym.Le, Sym.LtGt],
                    '>' => [Sym.Gt, Sym.Ge],
                    '=' => [Sym.Eq],
                    '!' => [Sym.Ne],
                    '|' => [Sym.Concat],
                    '-' => [Sym.Minus],
                    '/' => [Sym.Slash],
                    _ => [],
                };
                foreach (var s in options)
                    yield return Token.Symbolic(s, state.Start);
                yield break;
        }
    }
}
