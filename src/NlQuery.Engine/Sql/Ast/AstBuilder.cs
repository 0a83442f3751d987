using NlQuery.Schema;
using NlQuery.Sql.Lexing;

namespace NlQuery.Sql;

/// <summary>
/// Builds the syntax tree of a statement the incremental parser has already accepted, by recursive descent over its
/// tokens. Validation stays in one place (the incremental parser); this only gives the accepted text its shape.
/// </summary>
internal sealed class AstBuilder(DatabaseSchema? schema, List<Token> tokens)
{
    private readonly HashSet<string>? _columnNames = schema?.Tables.SelectMany(t => t.Columns).Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
    private int _pos;

    private Token Current => tokens[_pos];

    private Token Next() => tokens[_pos++];

    private bool Accept(Kw keyword)
    {
        if (!Current.Is(keyword))
            return false;
        _pos++;
        return true;
    }

    private bool Accept(Sym symbol)
    {
        if (!Current.Is(symbol))
            return false;
        _pos++;
        return true;
    }

    private void Require(Kw keyword)
    {
        if (!Accept(keyword))
            throw Unexpected(Keywords.Text(keyword));
    }

    private void Require(Sym symbol)
    {
        if (!Accept(symbol))
            throw Unexpected(Keywords.SymbolText(symbol));
    }

    private SqlParseException Unexpected(string expected) => new($"expected {expected}, got '{Current}'", Current.Offset);

    public SqlStatement Build()
    {
        var with = new List<CommonTableExpression>();
        if (Accept(Kw.With))
        {
            do
            {
                var name = Next().Text;
                Require(Kw.As);
                Require(Sym.LParen);
                var query = Query();
                Require(Sym.RParen);
                with.Add(new CommonTableExpression(name, query));
            }
            while (Accept(Sym.Comma));
        }
        var statement = new SqlStatement(with, Query());
        Accept(Sym.Semicolon);
        if (Current.Kind != TokenKind.End)
            throw Unexpected("end of statement");
        return statement;
    }

    private SqlQuery Query()
    {
        EnsureStack();
        var cores = new List<SelectCore> { Core() };
        var operators = new List<SetOperator>();
        while (true)
        {
            if (Accept(Kw.Union))
                operators.Add(Accept(Kw.All) ? SetOperator.UnionAll : SetOperator.Union);
            else if (Accept(Kw.Intersect))
                operators.Add(SetOperator.Intersect);
            else if (Accept(Kw.Except))
                operators.Add(SetOperator.Except);
            else
                break;
            cores.Add(Core());
        }
        var order = new List<OrderTerm>();
        if (Accept(Kw.Order))
        {
            Require(Kw.By);
            do
            {
                var e = Expression();
                var asc = Accept(Kw.Asc);
                order.Add(new OrderTerm(e, !asc && Accept(Kw.Desc), asc));
            }
            while (Accept(Sym.Comma));
        }
        SqlExpression? limit = null, offset = null;
        if (Accept(Kw.Limit))
        {
            limit = Unary();
            if (Accept(Kw.Offset))
                offset = Unary();
            else if (Accept(Sym.Comma))
            {
                // SQLite's LIMIT a, b means OFFSET a, LIMIT b.
                offset = limit;
                limit = Unary();
            }
        }
        else if (Accept(Kw.Offset))
        {
            offset = Unary();
            if (!(Current.Is(Kw.Rows) || Current.Is(Kw.Row)))
                return new SqlQuery(cores, operators, order, limit, offset); // PostgreSQL: OFFSET without LIMIT
            Next(); // ROWS
            if (Accept(Kw.Fetch))
            {
                Next(); // NEXT | FIRST
                limit = Primary();
                Next(); // ROWS
                Require(Kw.Only);
            }
        }
        return new SqlQuery(cores, operators, order, limit, offset);
    }

    private SelectCore Core()
    {
        Require(Kw.Select);
        var distinct = Accept(Kw.Distinct);
        if (!distinct)
            Accept(Kw.All);
        SqlExpression? top = null;
        if (Accept(Kw.Top))
        {
            var parenthesized = Accept(Sym.LParen);
            top = Primary();
            if (parenthesized)
                Require(Sym.RParen);
        }
        var columns = new List<SelectItem>();
        do
            columns.Add(Item());
        while (Accept(Sym.Comma));
        var from = new List<FromItem>();
        if (Accept(Kw.From))
        {
            from.Add(FromItem(JoinKind.First));
            while (true)
            {
                JoinKind kind;
                if (Accept(Sym.Comma))
                    kind = JoinKind.Comma;
                else if (Accept(Kw.Join))
                    kind = JoinKind.Join;
                else if (Accept(Kw.Inner))
                    (kind, _) = (JoinKind.Inner, Accept(Kw.Join));
                else if (Accept(Kw.Cross))
                    (kind, _) = (JoinKind.Cross, Accept(Kw.Join));
                else if (Accept(Kw.Left))
                {
                    Accept(Kw.Outer);
                    Require(Kw.Join);
                    kind = JoinKind.Left;
                }
                else if (Current.Is(Kw.On))
                {
                    // An ON after the most recent item.
                    Next();
                    from[^1] = from[^1] with { On = Expression() };
                    continue;
                }
                else
                    break;
                from.Add(FromItem(kind));
            }
        }
        var where = Accept(Kw.Where) ? Expression() : null;
        var groupBy = new List<SqlExpression>();
        if (Accept(Kw.Group))
        {
            Require(Kw.By);
            do
                groupBy.Add(Expression());
            while (Accept(Sym.Comma));
        }
        var having = Accept(Kw.Having) ? Expression() : null;
        return new SelectCore(distinct, top, columns, from, where, groupBy, having);
    }

    private SelectItem Item()
    {
        if (Accept(Sym.Star))
            return new SelectItem(null, null, IsStar: true);
        if (Current.IsName && tokens[_pos + 1].Is(Sym.Dot) && tokens[_pos + 2].Is(Sym.Star))
        {
            var qualifier = Next().Text;
            _pos += 2;
            return new SelectItem(null, null, IsStar: true, StarQualifier: qualifier);
        }
        var e = Expression();
        string? alias = null;
        if (Accept(Kw.As) || (Current.IsName && Current.Kind != TokenKind.Keyword) || Current.Kind == TokenKind.String)
            alias = Next().Text;
        return new SelectItem(e, alias);
    }

    private FromItem FromItem(JoinKind kind)
    {
        string? table = null;
        SqlQuery? subquery = null;
        if (Accept(Sym.LParen))
        {
            subquery = Query();
            Require(Sym.RParen);
        }
        else
            table = Next().Text;
        string? alias = null;
        if (Accept(Kw.As) || (Current.IsName && Current.Kind != TokenKind.Keyword))
            alias = Next().Text;
        return new FromItem(kind, table, subquery, alias, null);
    }

    private SqlExpression Expression()
    {
        EnsureStack();
        return Or();
    }

    /// <summary>Deep nesting without parentheses (CASE in CASE, NOT NOT …) must fail cleanly, not overflow the stack.</summary>
    private void EnsureStack()
    {
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new SqlParseException("statement nested too deeply", Current.Offset);
    }

    private SqlExpression Or()
    {
        var left = And();
        while (Accept(Kw.Or))
            left = new BinaryExpression(left, "OR", And());
        return left;
    }

    private SqlExpression And()
    {
        var left = Not();
        while (Accept(Kw.And))
            left = new BinaryExpression(left, "AND", Not());
        return left;
    }

    private SqlExpression Not()
    {
        var count = 0;
        while (Accept(Kw.Not))
            count++;
        var operand = Equality();
        for (var i = 0; i < count; i++)
            operand = new UnaryExpression("NOT", operand);
        return operand;
    }

    private SqlExpression Equality()
    {
        var left = Relational();
        while (true)
        {
            var t = Current;
            if (t.Is(Sym.Eq) || t.Is(Sym.EqEq) || t.Is(Sym.Ne) || t.Is(Sym.LtGt))
            {
                _pos++;
                left = new BinaryExpression(left, t.Text, Relational());
                continue;
            }
            if (t.Is(Kw.Is))
            {
                _pos++;
                var not = Accept(Kw.Not);
                left = new BinaryExpression(left, not ? "IS NOT" : "IS", Relational());
                continue;
            }
            var negated = t.Is(Kw.Not);
            var at = _pos;
            if (negated)
                _pos++;
            if (Accept(Kw.In))
            {
                Require(Sym.LParen);
                if (Current.Is(Kw.Select))
                {
                    var q = Query();
                    Require(Sym.RParen);
                    left = Relational(new InExpression(left, negated, [], q));
                    continue;
                }
                var values = new List<SqlExpression>();
                if (!Accept(Sym.RParen))
                {
                    do
                        values.Add(Expression());
                    while (Accept(Sym.Comma));
                    Require(Sym.RParen);
                }
                // Nothing ends an IN list but ')', so (as in SQLite) the IN is the left operand of what follows: x IN (1) > 0.
                left = Relational(new InExpression(left, negated, values, null));
                continue;
            }
            if (Current.Is(Kw.Like) || Current.Is(Kw.Glob))
            {
                var op = Next().Text.ToUpperInvariant();
                left = new BinaryExpression(left, negated ? "NOT " + op : op, Relational());
                continue;
            }
            if (Accept(Kw.Between))
            {
                // As in SQLite, the bounds bind tighter than AND and looser than < (x BETWEEN 1 AND 2 < 3 compares 2 < 3).
                var low = Relational();
                Require(Kw.And);
                left = new BetweenExpression(left, negated, low, Relational());
                continue;
            }
            _pos = at;
            return left;
        }
    }

    private SqlExpression Relational(SqlExpression? first = null)
    {
        var left = Additive(first);
        while (Current.Is(Sym.Lt) || Current.Is(Sym.Le) || Current.Is(Sym.Gt) || Current.Is(Sym.Ge))
        {
            var op = Next().Text;
            left = new BinaryExpression(left, op, Additive());
        }
        return left;
    }

    private SqlExpression Additive(SqlExpression? first = null)
    {
        var left = Multiplicative(first);
        while (Current.Is(Sym.Plus) || Current.Is(Sym.Minus))
        {
            var op = Next().Text;
            left = new BinaryExpression(left, op, Multiplicative());
        }
        return left;
    }

    private SqlExpression Multiplicative(SqlExpression? first = null)
    {
        var left = Concatenation(first);
        while (Current.Is(Sym.Star) || Current.Is(Sym.Slash) || Current.Is(Sym.Percent))
        {
            var op = Next().Text;
            left = new BinaryExpression(left, op, Concatenation());
        }
        return left;
    }

    /// <param name="first">An operand already built (an IN expression) that continues with the operators of these levels.</param>
    private SqlExpression Concatenation(SqlExpression? first = null)
    {
        var left = first ?? Unary();
        while (Accept(Sym.Concat))
            left = new BinaryExpression(left, "||", Unary());
        return left;
    }

    private SqlExpression Unary()
    {
        EnsureStack();
        if (Current.Is(Sym.Minus) || Current.Is(Sym.Plus))
            return new UnaryExpression(Next().Text, Unary());
        if (Accept(Kw.Not))
            return new UnaryExpression("NOT", Unary());
        return Primary();
    }

    private SqlExpression Primary()
    {
        var t = Next();
        switch (t.Kind)
        {
            case TokenKind.Integer:
                return new LiteralExpression(LiteralKind.Integer, t.Text);
            case TokenKind.Decimal:
                return new LiteralExpression(LiteralKind.Decimal, t.Text);
            case TokenKind.String:
                return new LiteralExpression(LiteralKind.String, t.Text);
            case TokenKind.Keyword when t.Keyword == Kw.Null:
                return new LiteralExpression(LiteralKind.Null, "NULL");
            case TokenKind.Keyword when t.Keyword == Kw.Exists:
            {
                Require(Sym.LParen);
                var q = Query();
                Require(Sym.RParen);
                return new ExistsExpression(q);
            }
            case TokenKind.Keyword when t.Keyword == Kw.Case:
                return Case();
            case TokenKind.Keyword when t.Keyword == Kw.Cast:
            {
                Require(Sym.LParen);
                var e = Expression();
                Require(Kw.As);
                var type = Next().Text;
                if (Accept(Sym.LParen))
                {
                    type += "(" + Next().Text;
                    while (Accept(Sym.Comma))
                        type += ", " + Next().Text;
                    Require(Sym.RParen);
                    type += ")";
                }
                Require(Sym.RParen);
                return new CastExpression(e, type);
            }
            case TokenKind.Symbol when t.Symbol == Sym.LParen:
            {
                if (Current.Is(Kw.Select))
                {
                    var q = Query();
                    Require(Sym.RParen);
                    return new SubqueryExpression(q);
                }
                var inner = Expression();
                Require(Sym.RParen);
                return new ParenthesizedExpression(inner);
            }
        }
        if (!t.IsName)
            throw new SqlParseException($"expected an expression, got '{t}'", t.Offset);
        if (Accept(Sym.Dot))
            return new ColumnExpression(t.Text, Next().Text);
        // As in the incremental parser, a contextual keyword (NEXT, ONLY, LEFT…) followed by '(' is a function call.
        if (t.Kind is TokenKind.Word or TokenKind.Keyword && Accept(Sym.LParen))
            return Function(t.Text);
        if (t.Kind == TokenKind.DoubleQuoted && (_columnNames is null || !_columnNames.Contains(t.Text)))
            return new LiteralExpression(LiteralKind.String, t.Text);
        return new ColumnExpression(null, t.Text);
    }

    private FunctionExpression Function(string name)
    {
        if (Accept(Sym.Star))
        {
            Require(Sym.RParen);
            return new FunctionExpression(name, false, [], IsStar: true);
        }
        var distinct = Accept(Kw.Distinct);
        var args = new List<SqlExpression>();
        if (!Accept(Sym.RParen))
        {
            do
                args.Add(Expression());
            while (Accept(Sym.Comma));
            Require(Sym.RParen);
        }
        return new FunctionExpression(name, distinct, args);
    }

    private CaseExpression Case()
    {
        SqlExpression? operand = Current.Is(Kw.When) ? null : Expression();
        var branches = new List<(SqlExpression, SqlExpression)>();
        while (Accept(Kw.When))
        {
            var when = Expression();
            Require(Kw.Then);
            branches.Add((when, Expression()));
        }
        var otherwise = Accept(Kw.Else) ? Expression() : null;
        Require(Kw.End);
        return new CaseExpression(operand, branches, otherwise);
    }
}
