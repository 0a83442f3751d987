using System.Runtime.CompilerServices;
using NlQuery.Sql.Lexing;
using static NlQuery.Sql.Parsing.FrameKind;

namespace NlQuery.Sql.Parsing;

/// <summary>
/// The incremental parser: a pushdown automaton over tokens whose stack (<see cref="Frame"/>) and scopes
/// (<see cref="Parsing.Scope"/>) are persistent. <see cref="Feed"/> costs time for the new token only; copying the
/// struct forks the state. Guards run as tokens arrive; checks that need FROM wait in the scope until FROM ends.
/// </summary>
internal partial struct Machine
{
    private enum R : byte { Done, Again, Fail }

    /// <summary>Parentheses deeper than this are refused: no real query needs it, and it bounds every recursion.</summary>
    public const int MaxNesting = 200;

    private const int Full = 0;
    private const int Additive = 1;

    public Frame? Stack;
    public Scope? Scope;
    public QueryResult? LastResult;
    public Cons<CteDefinition>? Ctes;
    public int TokenIndex;
    public int Nesting;
    public int LastIntIndex;
    public long LastIntValue;
    public ColumnMark? LastColumn;
    public string? Error;

    /// <summary>
    /// Set while only acceptance matters (<see cref="ParseState.TryExtend"/>): failures then leave
    /// <see cref="Error"/> null instead of formatting a message nobody reads.
    /// </summary>
    public bool Quiet;
    private readonly ParserContext _ctx;

    public Machine(ParserContext context)
    {
        _ctx = context;
        Stack = new Frame(StmtStart, null, 0, 0, null);
        LastIntIndex = -1;
    }

    private readonly bool Guards => _ctx.Guards;

    private readonly SqlDialect Dialect => _ctx.Dialect;

    /// <summary>
    /// Whether the top frame refuses end-of-statement outright (it expects an operand, a name, a keyword…): lets the
    /// completeness check skip feeding a copy.
    /// </summary>
    public readonly bool CannotEndHere => Stack is { } top && top.Kind is StmtStart or CteName or QueryStart or CoreSelect or CoreDistinct
        or CoreTop or TopValue or TopClose or ResultStart or ResultAlias or FromSource or TableAlias or DerivedAlias or JoinOuter
        or LimitValue or TsqlRows or TsqlFetchNext or Operand or QualifiedColumn or FuncArgs or FuncArgSeparator or FuncStarClose
        or ParenContent or Expect or CaseStart or CaseExpectWhen or CaseWhenThen or CaseAfterThen or CastType or CastTypeNumber
        or CastTypeSeparator or InOpen or InContent or InListSeparator or BetweenAnd or IsTail or NotInfix or Accepted;

    public bool Feed(in Token t)
    {
        while (true)
        {
            var f = Stack;
            if (f is null)
                return Fail(t.Kind == TokenKind.End ? "unexpected end" : $"unexpected '{t}' after the end of the statement");
            if (IsEmptyIdentifier(f, t))
                return Fail("an identifier or alias cannot be empty");
            Stack = f.Next;
            switch (Step(f, t))
            {
                case R.Done:
                    TokenIndex++;
                    if (t.Kind == TokenKind.Symbol)
                    {
                        if (t.Symbol == Sym.LParen && ++Nesting > MaxNesting)
                            return Fail($"parentheses nested deeper than {MaxNesting} levels");
                        if (t.Symbol == Sym.RParen)
                            Nesting--;
                    }
                    return true;
                case R.Fail:
                    return false;
            }
        }
    }

    /// <summary>
    /// <c>[]</c>, <c>""</c> or an alias <c>''</c> names nothing: no dialect can print an empty identifier (T-SQL and
    /// PostgreSQL refuse <c>[]</c> and <c>""</c>). Only SQLite's double-quoted-string fallback gives <c>""</c> a meaning,
    /// as the empty string where an operand starts.
    /// </summary>
    private readonly bool IsEmptyIdentifier(Frame top, in Token t)
    {
        if (t.IsPrefix || t.Unclosed || t.Text.Length != 0)
            return false;
        return t.Kind switch
        {
            TokenKind.QuotedName => true,
            TokenKind.DoubleQuoted => !(Dialect.DoubleQuotesMayBeStrings && top.Kind is Operand or ResultStart),
            TokenKind.String => top.Kind is ResultAfterExpr or ResultAlias,
            _ => false,
        };
    }

    private bool Fail(string message)
    {
        Error = message;
        return false;
    }

    private bool Fail([InterpolatedStringHandlerArgument("")] ref ParseMessage message)
    {
        Error = message.ToStringAndClear();
        return false;
    }

    private R Reject(string message)
    {
        Error = message;
        return R.Fail;
    }

    private R Reject([InterpolatedStringHandlerArgument("")] ref ParseMessage message)
    {
        Error = message.ToStringAndClear();
        return R.Fail;
    }

    private static R Check(bool ok) => ok ? R.Done : R.Fail;

    private void Push(FrameKind kind, int a = 0, int b = 0, object? data = null) => Stack = new Frame(kind, Stack, a, b, data);

    private void PushExpression(int level = Full) => Push(Operand, level);

    private static string Describe(in Token t) => t.Kind switch
    {
        TokenKind.End => "end of statement",
        TokenKind.String => "string literal",
        _ => $"'{t.Text}'",
    };

    private R Expected(string what, in Token t) => Reject($"expected {what}, got {Describe(t)}");

    private R Step(Frame f, in Token t)
    {
        switch (f.Kind)
        {
            case StmtStart:
                if (t.Is(Kw.Select))
                {
                    Push(StmtEnd);
                    Push(QueryStart, (int)QueryRole.Statement);
                    return R.Again;
                }
                if (t.Is(Kw.With))
                {
                    Push(StmtEnd);
                    Push(QueryStart, (int)QueryRole.Statement);
                    Push(CteSeparator);
                    Push(CteName);
                    return R.Done;
                }
                return t.Kind == TokenKind.End ? Reject("empty statement") : Reject($"only SELECT statements are allowed, got {Describe(t)}");

            case StmtEnd:
                if (t.Is(Sym.Semicolon))
                {
                    Push(StmtAfterSemicolon);
                    return R.Done;
                }
                if (t.Kind == TokenKind.End)
                {
                    Push(Accepted);
                    return R.Done;
                }
                return Reject($"unexpected {Describe(t)}");

            case StmtAfterSemicolon:
                if (t.Kind == TokenKind.End)
                {
                    Push(Accepted);
                    return R.Done;
                }
                return Reject("only one statement is allowed");

            case Accepted:
                return Reject("unexpected text after the end of the statement");

            case CteName:
                if (!t.IsName)
                    return Expected("a common table expression name", t);
                if (!t.IsPrefix)
                {
                    Push(CteDone, data: t.Text);
                    Push(Expect, 0, (int)Sym.RParen);
                    Push(QueryStart, (int)QueryRole.Cte);
                    Push(Expect, 0, (int)Sym.LParen);
                    Push(Expect, 1, (int)Kw.As);
                }
                return R.Done;

            case CteDone:
            {
                var name = (string)f.Data!;
                if (Guards && Cons<CteDefinition>.Enumerate(Ctes).Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
                    return Reject($"duplicate WITH table name '{name}'");
                Ctes = new Cons<CteDefinition>(new CteDefinition(name, ResultNames(LastResult)), Ctes);
                return R.Again;
            }

            case CteSeparator:
                if (t.Is(Sym.Comma))
                {
                    Push(CteSeparator);
                    Push(CteName);
                    return R.Done;
                }
                return R.Again;

            case QueryStart:
                if (!t.Is(Kw.Select))
                    return Expected("SELECT", t);
                {
                    var role = (QueryRole)f.A;
                    var info = new QueryInfo(role, role == QueryRole.Derived, 0, 0, null, null, false, false);
                    Push(QueryAfterCore, data: info);
                    BeginCore(info.Opaque);
                }
                return R.Done;

            case CoreSelect:
                if (!t.Is(Kw.Select))
                    return Expected("SELECT", t);
                BeginCore(f.A != 0);
                return R.Done;

            case CoreDistinct:
                if (t.Is(Kw.Distinct) || t.Is(Kw.All))
                {
                    if (Dialect.UsesTop)
                        Push(CoreTop);
                    return R.Done;
                }
                if (Dialect.UsesTop)
                    Push(CoreTop);
                return R.Again;

            case CoreTop:
                if (t.Is(Kw.Top))
                {
                    Push(TopValue);
                    return R.Done;
                }
                return R.Again;

            case TopValue:
                if (t.Is(Sym.LParen))
                {
                    Push(TopClose);
                    return R.Done;
                }
                if (t.Kind != TokenKind.Integer)
                    return Expected("a row count after TOP", t);
                MarkTop();
                return R.Done;

            case TopClose:
                if (t.Kind != TokenKind.Integer)
                    return Expected("a row count after TOP (", t);
                MarkTop();
                Push(Expect, 0, (int)Sym.RParen);
                return R.Done;

            case ResultStart:
                return ResultStartStep(t);

            case ResultIdent:
                if (t.Is(Sym.Dot))
                {
                    if (((string)f.Data!).Length == 0)
                        return Reject("an identifier or alias cannot be empty");
                    if (!QualifierPossible((string)f.Data!, prefix: false))
                        return R.Fail;
                    Push(ResultQualifiedDot, data: f.Data);
                    return R.Done;
                }
                Push(IdentTail, Full, f.B, f.Data);
                return R.Again;

            case ResultQualifiedDot:
                if (t.Is(Sym.Star))
                {
                    // q.* is a whole result column: drop the ResultAfterExpr frame below.
                    Stack = Stack!.Next;
                    if (!AddStar((string)f.Data!))
                        return R.Fail;
                    Push(ResultSeparator);
                    return R.Done;
                }
                Push(QualifiedColumn, Full, 0, f.Data);
                return R.Again;

            case ResultAfterExpr:
                if (t.Is(Kw.As))
                {
                    Push(ResultAlias, f.A, TokenIndex);
                    return R.Done;
                }
                if ((t.IsName && !(t.Kind == TokenKind.Keyword)) || t.Kind == TokenKind.String)
                {
                    if (!t.IsPrefix)
                        AddResult(f.A, TokenIndex, t.Text);
                    Push(ResultSeparator);
                    return R.Done;
                }
                AddResult(f.A, TokenIndex, null);
                Push(ResultSeparator);
                return R.Again;

            case ResultAlias:
                if (!(t.IsName || t.Kind == TokenKind.String))
                    return Expected("an alias after AS", t);
                if (!t.IsPrefix)
                    AddResult(f.A, f.B, t.Text);
                Push(ResultSeparator);
                return R.Done;

            case ResultSeparator:
                if (t.Is(Sym.Comma))
                {
                    Push(ResultStart);
                    return R.Done;
                }
                return R.Again;

            case CoreFrom:
                if (t.Is(Kw.From))
                {
                    SetClause(Clause.From);
                    Push(FromAfterSource, 0);
                    Push(FromSource);
                    return R.Done;
                }
                return ResolveFrom() ? R.Again : R.Fail;

            case FromSource:
                return FromSourceStep(t);

            case TableAfterName:
                if (t.Is(Kw.As))
                {
                    Push(TableAlias, data: f.Data);
                    return R.Done;
                }
                if (t.IsName && t.Kind != TokenKind.Keyword)
                {
                    if (t.IsPrefix)
                        return R.Done;
                    return Check(AddSource((Source)f.Data! with { Qualifier = t.Text }));
                }
                return AddSource((Source)f.Data!) ? R.Again : R.Fail;

            case TableAlias:
                if (!t.IsName)
                    return Expected("an alias after AS", t);
                if (t.IsPrefix)
                    return R.Done;
                return Check(AddSource((Source)f.Data! with { Qualifier = t.Text }));

            case DerivedAfter:
                if (t.Is(Kw.As))
                {
                    Push(DerivedAlias);
                    return R.Done;
                }
                if (t.IsName && t.Kind != TokenKind.Keyword)
                    return t.IsPrefix ? R.Done : Check(AddSource(new Source(t.Text, t.Text, ResultNames(LastResult))));
                return AddSource(new Source(null, "subquery", ResultNames(LastResult))) ? R.Again : R.Fail;

            case DerivedAlias:
                if (!t.IsName)
                    return Expected("an alias after AS", t);
                return t.IsPrefix ? R.Done : Check(AddSource(new Source(t.Text, t.Text, ResultNames(LastResult))));

            case FromAfterSource:
                if (t.Is(Sym.Comma) || t.Is(Kw.Join))
                {
                    SetClause(Clause.From);
                    Push(FromAfterSource, 1);
                    Push(FromSource);
                    return R.Done;
                }
                if (t.Is(Kw.Inner) || t.Is(Kw.Cross))
                {
                    Push(FromAfterSource, 1);
                    Push(FromSource);
                    Push(Expect, 1, (int)Kw.Join);
                    return R.Done;
                }
                if (t.Is(Kw.Left))
                {
                    Push(FromAfterSource, 1);
                    Push(FromSource);
                    Push(JoinOuter);
                    return R.Done;
                }
                if (t.Is(Kw.On))
                {
                    if (f.A == 0)
                        return Reject("a JOIN clause is required before ON");
                    if (f.A == 2)
                        return Reject("only one ON clause per join");
                    SetClause(Clause.On);
                    Push(FromAfterSource, 2);
                    PushExpression();
                    return R.Done;
                }
                return ResolveFrom() ? R.Again : R.Fail;

            case JoinOuter:
                if (t.Is(Kw.Outer))
                {
                    Push(Expect, 1, (int)Kw.Join);
                    return R.Done;
                }
                if (t.Is(Kw.Join))
                    return R.Done;
                return Expected("JOIN", t);

            case CoreWhere:
                if (t.Is(Kw.Where))
                {
                    SetClause(Clause.Where);
                    PushExpression();
                    return R.Done;
                }
                return R.Again;

            case CoreGroupBy:
                if (t.Is(Kw.Group))
                {
                    var s = Scope!.Clone();
                    s.Clause = Clause.GroupBy;
                    s.HasGroupBy = true;
                    Scope = s;
                    Push(GroupTermEnd, TokenIndex + 2);
                    PushExpression();
                    Push(Expect, 1, (int)Kw.By);
                    return R.Done;
                }
                return R.Again;

            case GroupTermEnd:
                if (!CheckTermIndex(f.A, Scope!.ResultCount, "GROUP BY"))
                    return R.Fail;
                if (t.Is(Sym.Comma))
                {
                    Push(GroupTermEnd, TokenIndex + 1);
                    PushExpression();
                    return R.Done;
                }
                return R.Again;

            case CoreHaving:
                if (t.Is(Kw.Having))
                {
                    var s = Scope!.Clone();
                    s.Clause = Clause.Having;
                    s.HasHaving = true;
                    Scope = s;
                    PushExpression();
                    return R.Done;
                }
                return R.Again;

            case CoreEnd:
                if (Guards && Scope!.HasHaving && !Scope.HasGroupBy && !Scope.HasAggregate)
                    return Reject("HAVING clause on a non-aggregate query");
                return R.Again;

            case QueryAfterCore:
                return QueryAfterCoreStep((QueryInfo)f.Data!, t);

            case CompoundAll:
                if (t.Is(Kw.All))
                    return R.Done;
                return R.Again;

            case OrderTermEnd:
            {
                var info = (QueryInfo)f.Data!;
                if (!CheckOrderTerm(f.A, info))
                    return R.Fail;
                if (t.Is(Kw.Asc) || t.Is(Kw.Desc))
                {
                    Push(OrderDirectionDone, data: info);
                    return R.Done;
                }
                return OrderNext(info, t);
            }

            case OrderDirectionDone:
                return OrderNext((QueryInfo)f.Data!, t);

            case QueryAfterOrder:
                return QueryAfterOrderStep((QueryInfo)f.Data!, t);

            case LimitValue:
                if (t.Is(Sym.Minus) && f.A == 0)
                {
                    Push(LimitValue, 1);
                    return R.Done;
                }
                if (t.Kind != TokenKind.Integer)
                    return Expected("an integer", t);
                return R.Done;

            case LimitAfter:
                if (t.Is(Kw.Offset) || (t.Is(Sym.Comma) && Dialect.AllowsLimitComma))
                {
                    Push(QueryFinish, data: f.Data);
                    Push(LimitValue);
                    return R.Done;
                }
                return EndQuery((QueryInfo)f.Data!) ? R.Again : R.Fail;

            case QueryFinish:
                return EndQuery((QueryInfo)f.Data!) ? R.Again : R.Fail;

            case TsqlRows:
                if (t.Is(Kw.Rows) || t.Is(Kw.Row))
                    return R.Done;
                return Expected("ROWS", t);

            case TsqlFetch:
                if (t.Is(Kw.Fetch))
                {
                    Push(QueryFinish, data: f.Data);
                    Push(Expect, 1, (int)Kw.Only);
                    Push(TsqlRows);
                    Push(LimitValue);
                    Push(TsqlFetchNext);
                    return R.Done;
                }
                return EndQuery((QueryInfo)f.Data!) ? R.Again : R.Fail;

            case TsqlFetchNext:
                if (t.Is(Kw.Next) || t.Is(Kw.First))
                    return R.Done;
                return Expected("NEXT", t);

            case Operand:
                return OperandStep(f.A, t);

            case AfterOperand:
                return AfterOperandStep(f.A, t);

            case IdentTail:
                return IdentTailStep(f, t);

            case QualifiedColumn:
                if (!t.IsName)
                    return Expected("a column name", t);
                if (t.IsPrefix)
                    return Check(QualifiedColumnPossible((string)f.Data!, t.Text, prefix: true));
                if (!ColumnReference((string)f.Data!, t.Text, t.Offset, mayBeString: false))
                    return R.Fail;
                LastColumn = new ColumnMark(TokenIndex - 2, TokenIndex + 1, (string)f.Data!, t.Text);
                Push(AfterOperand, f.A);
                return R.Done;

            case FuncArgs:
                return FuncArgsStep(f, t);

            case FuncArgSeparator:
                if (t.Is(Sym.Comma))
                {
                    Push(FuncArgSeparator, f.A + 1, f.B, f.Data);
                    PushExpression();
                    return R.Done;
                }
                if (t.Is(Sym.RParen))
                    return Check(CloseFunction(f, f.A));
                return Expected("',' or ')'", t);

            case FuncStarClose:
                if (!t.Is(Sym.RParen))
                    return Expected("')'", t);
                return Check(CloseFunction(f, 1));

            case ParenContent:
                if (t.Is(Kw.Select))
                {
                    Push(Expect, 0, (int)Sym.RParen);
                    Push(SubqueryDone, (int)QueryRole.Scalar);
                    Push(QueryStart, (int)QueryRole.Scalar);
                    return R.Again;
                }
                Push(Expect, 0, (int)Sym.RParen);
                PushExpression();
                return R.Again;

            case SubqueryDone:
                if (Guards && (QueryRole)f.A is QueryRole.Scalar or QueryRole.In && LastResult!.Count != 1)
                    return Reject($"sub-select returns {LastResult.Count} columns - expected 1");
                return R.Again;

            case Expect:
                if (f.A == 0 ? t.Is((Sym)f.B) : t.Is((Kw)f.B))
                    return R.Done;
                return Expected(f.A == 0 ? $"'{Keywords.SymbolText((Sym)f.B)}'" : Keywords.Text((Kw)f.B), t);

            case CaseStart:
                if (t.Is(Kw.When))
                {
                    Push(CaseWhenThen);
                    PushExpression();
                    return R.Done;
                }
                Push(CaseExpectWhen);
                PushExpression();
                return R.Again;

            case CaseExpectWhen:
                if (!t.Is(Kw.When))
                    return Expected("WHEN", t);
                Push(CaseWhenThen);
                PushExpression();
                return R.Done;

            case CaseWhenThen:
                if (!t.Is(Kw.Then))
                    return Expected("THEN", t);
                Push(CaseAfterThen);
                PushExpression();
                return R.Done;

            case CaseAfterThen:
                if (t.Is(Kw.When))
                {
                    Push(CaseWhenThen);
                    PushExpression();
                    return R.Done;
                }
                if (t.Is(Kw.Else))
                {
                    Push(Expect, 1, (int)Kw.End);
                    PushExpression();
                    return R.Done;
                }
                if (t.Is(Kw.End))
                    return R.Done;
                return Expected("WHEN, ELSE or END", t);

            case CastType:
                if (t.Kind != TokenKind.Word || !Dialect.TypeNames.Matches(t.Text, t.IsPrefix))
                    return Expected("a type name", t);
                if (!t.IsPrefix)
                    Push(CastTypeArgs);
                return R.Done;

            case CastTypeArgs:
                if (t.Is(Sym.LParen))
                {
                    Push(CastTypeSeparator, 0);
                    Push(CastTypeNumber);
                    return R.Done;
                }
                return R.Again;

            case CastTypeNumber:
                return t.Kind == TokenKind.Integer ? R.Done : Expected("a number", t);

            case CastTypeSeparator:
                if (t.Is(Sym.Comma) && f.A == 0)
                {
                    Push(CastTypeSeparator, 1);
                    Push(CastTypeNumber);
                    return R.Done;
                }
                return t.Is(Sym.RParen) ? R.Done : Expected("')'", t);

            case InOpen:
                if (!t.Is(Sym.LParen))
                    return Expected("'(' after IN", t);
                Push(InContent);
                return R.Done;

            case InContent:
                if (t.Is(Kw.Select))
                {
                    Push(Expect, 0, (int)Sym.RParen);
                    Push(SubqueryDone, (int)QueryRole.In);
                    Push(QueryStart, (int)QueryRole.In);
                    return R.Again;
                }
                if (t.Is(Sym.RParen))
                    return R.Done;
                Push(InListSeparator);
                PushExpression();
                return R.Again;

            case InListSeparator:
                if (t.Is(Sym.Comma))
                {
                    Push(InListSeparator);
                    PushExpression();
                    return R.Done;
                }
                return t.Is(Sym.RParen) ? R.Done : Expected("',' or ')'", t);

            case BetweenAnd:
                if (!t.Is(Kw.And))
                    return Expected("AND", t);
                PushExpression(Additive);
                return R.Done;

            case IsTail:
                if (t.Is(Kw.Not) && f.A == 0)
                {
                    Push(IsTail, 1);
                    return R.Done;
                }
                PushExpression(Additive);
                return R.Again;

            case NotInfix:
                if (t.Is(Kw.In))
                {
                    Push(InOpen);
                    return R.Done;
                }
                if (t.Is(Kw.Like) || t.Is(Kw.Glob))
                {
                    PushExpression(Additive);
                    return R.Done;
                }
                if (t.Is(Kw.Between))
                {
                    Push(BetweenAnd);
                    PushExpression(Additive);
                    return R.Done;
                }
                return Expected("IN, LIKE or BETWEEN after NOT", t);

            default:
                throw new InvalidOperationException($"Unhandled parser frame {f.Kind}.");
        }
    }

    private void BeginCore(bool opaque)
    {
        Scope = new Scope { Parent = Scope, ParentOpaque = opaque };
        Push(CoreEnd);
        Push(CoreHaving);
        Push(CoreGroupBy);
        Push(CoreWhere);
        Push(CoreFrom);
        Push(ResultStart);
        Push(CoreDistinct);
    }

    private void MarkTop()
    {
        // The QueryAfterCore frame sits below this core's frames; record TOP there.
        var frames = new Stack<Frame>();
        var f = Stack;
        while (f is not null && f.Kind != QueryAfterCore)
        {
            frames.Push(f);
            f = f.Next;
        }
        if (f is null)
            return;
        var info = (QueryInfo)f.Data!;
        Frame rebuilt = new(QueryAfterCore, f.Next, f.A, f.B, info with { HasTop = true });
        while (frames.Count > 0)
        {
            var g = frames.Pop();
            rebuilt = new Frame(g.Kind, rebuilt, g.A, g.B, g.Data);
        }
        Stack = rebuilt;
    }

    private void SetClause(Clause clause)
    {
        if (Scope!.Clause == clause)
            return;
        var s = Scope.Clone();
        s.Clause = clause;
        Scope = s;
    }

    private static NameSet ResultNames(QueryResult? result) =>
        result is null ? NameSet.Empty : new NameSet(Cons<ResultColumn>.InOrder(result.Columns).Where(c => c.Name is not null).Select(c => c.Name!));
}
