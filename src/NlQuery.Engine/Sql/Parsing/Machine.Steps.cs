using NlQuery.Sql.Lexing;
using static NlQuery.Sql.Parsing.FrameKind;

namespace NlQuery.Sql.Parsing;

internal partial struct Machine
{
    private const int WordName = 0;
    private const int QuotedName = 1;
    private const int DoubleQuotedName = 2;

    private static int NameKind(in Token t) => t.Kind switch
    {
        TokenKind.QuotedName => QuotedName,
        TokenKind.DoubleQuoted => DoubleQuotedName,
        _ => WordName,
    };

    private R ResultStartStep(in Token t)
    {
        var s = Scope!;
        if (s.Clause != Clause.SelectList || s.ColumnAggregates)
        {
            s = s.Clone();
            s.Clause = Clause.SelectList;
            s.ColumnAggregates = false;
            Scope = s;
        }
        if (t.Is(Sym.Star))
        {
            AddStar(null);
            Push(ResultSeparator);
            return R.Done;
        }
        if (t.IsName && t.Kind != TokenKind.Keyword)
        {
            if (!OperandNamePossible(t.Text, t.IsPrefix, NameKind(t)))
                return Reject(UnknownNameMessage(t));
            if (t.IsPrefix)
                return R.Done;
            Push(ResultAfterExpr, TokenIndex);
            Push(ResultIdent, 0, NameKind(t), t.Text);
            return R.Done;
        }
        Push(ResultAfterExpr, TokenIndex);
        PushExpression();
        return R.Again;
    }

    private R FromSourceStep(in Token t)
    {
        if (t.Is(Sym.LParen))
        {
            Push(DerivedAfter);
            Push(Expect, 0, (int)Sym.RParen);
            Push(SubqueryDone, (int)QueryRole.Derived);
            Push(QueryStart, (int)QueryRole.Derived);
            return R.Done;
        }
        if (!t.IsName)
            return Expected("a table name", t);
        if (!Guards)
        {
            if (!t.IsPrefix)
                Push(TableAfterName, data: new Source(t.Text, t.Text, NameSet.Empty));
            return R.Done;
        }
        foreach (var cte in Cons<CteDefinition>.Enumerate(Ctes))
        {
            if (NameMatches(cte.Name, t.Text, t.IsPrefix))
            {
                if (!t.IsPrefix)
                    Push(TableAfterName, data: new Source(t.Text, cte.Name, cte.Columns));
                return R.Done;
            }
        }
        if (t.IsPrefix)
            return _ctx.Schema!.TableNames.AnyStartsWith(t.Text) ? R.Done : Reject($"no table name starts with '{t.Text}'");
        if (!_ctx.Schema!.TryGetTable(t.Text, out var table, out var columns))
            return Reject($"unknown table '{t.Text}'");
        Push(TableAfterName, data: new Source(t.Text, table.Name, columns));
        return R.Done;
    }

    private R QueryAfterCoreStep(QueryInfo info, in Token t)
    {
        var s = Scope!;
        if (Guards && info.Cores > 0 && s.ResultCount != info.FirstCount)
            return Reject("SELECTs to the left and right of a compound operator do not have the same number of result columns");
        var all = info.AllColumns;
        foreach (var column in Cons<ResultColumn>.Enumerate(s.Results))
            all = new Cons<ResultColumn>(column, all);
        var merged = info with
        {
            Cores = info.Cores + 1,
            FirstCount = info.Cores == 0 ? s.ResultCount : info.FirstCount,
            FirstColumns = info.Cores == 0 ? s.Results : info.FirstColumns,
            AllColumns = all,
        };
        if (t.Is(Kw.Union) || t.Is(Kw.Intersect) || t.Is(Kw.Except))
        {
            Scope = s.Parent;
            Push(QueryAfterCore, data: merged);
            Push(CoreSelect, merged.Opaque ? 1 : 0);
            if (t.Is(Kw.Union))
                Push(CompoundAll);
            return R.Done;
        }
        if (t.Is(Kw.Order))
        {
            SetClause(merged.Cores > 1 ? Clause.CompoundOrderBy : Clause.OrderBy);
            merged = merged with { HasOrderBy = true };
            Push(QueryAfterOrder, data: merged);
            Push(OrderTermEnd, TokenIndex + 2, 0, merged);
            PushExpression();
            Push(Expect, 1, (int)Kw.By);
            return R.Done;
        }
        return QueryAfterOrderStep(merged, t);
    }

    private R QueryAfterOrderStep(QueryInfo info, in Token t)
    {
        if (!Dialect.UsesTop && t.Is(Kw.Limit))
        {
            Push(LimitAfter, data: info);
            Push(LimitValue);
            return R.Done;
        }
        if (Dialect.AllowsOffsetWithoutLimit && t.Is(Kw.Offset))
        {
            Push(QueryFinish, data: info);
            Push(LimitValue);
            return R.Done;
        }
        if (Dialect.UsesTop && t.Is(Kw.Offset) && info.HasOrderBy)
        {
            if (Guards && info.HasTop)
                return Reject("TOP cannot be combined with OFFSET");
            Push(TsqlFetch, data: info with { HasTop = true });
            Push(TsqlRows);
            Push(LimitValue);
            return R.Done;
        }
        return EndQuery(info) ? R.Again : R.Fail;
    }

    private R OrderNext(QueryInfo info, in Token t)
    {
        if (t.Is(Sym.Comma))
        {
            Push(OrderTermEnd, TokenIndex + 1, 0, info);
            PushExpression();
            return R.Done;
        }
        return R.Again;
    }

    private bool EndQuery(QueryInfo info)
    {
        if (Guards && Dialect.UsesTop && info.Role != QueryRole.Statement && info.HasOrderBy && !info.HasTop)
            return Fail("ORDER BY in a subquery needs TOP or OFFSET");
        LastResult = new QueryResult(info.FirstCount, info.FirstColumns);
        Scope = Scope!.Parent;
        return true;
    }

    private readonly bool IsLoneInteger(int start) => LastIntIndex == start && TokenIndex == start + 1;

    private bool CheckTermIndex(int start, int count, string what)
    {
        if (!Guards || !IsLoneInteger(start))
            return true;
        if (LastIntValue < 1 || LastIntValue > count)
            return Fail($"{what} term out of range - should be between 1 and {count}");
        if (what == "GROUP BY" && Cons<ResultColumn>.InOrder(Scope!.Results)[(int)LastIntValue - 1].Aggregates)
            return Fail("aggregate functions are not allowed in the GROUP BY clause");
        return true;
    }

    private bool CheckOrderTerm(int start, QueryInfo info)
    {
        if (!Guards)
            return true;
        if (Scope!.Clause != Clause.CompoundOrderBy)
            return CheckTermIndex(start, Scope.ResultCount, "ORDER BY");
        if (IsLoneInteger(start))
            return CheckTermIndex(start, info.FirstCount, "ORDER BY");
        if (LastColumn is { } c && c.Start == start && c.End == TokenIndex)
        {
            foreach (var rc in Cons<ResultColumn>.Enumerate(info.AllColumns))
            {
                if (rc.Name is null || !string.Equals(rc.Name, c.Name, StringComparison.OrdinalIgnoreCase))
                    continue;
                if (rc.IsAlias ? c.Qualifier is null : string.Equals(rc.Qualifier, c.Qualifier, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
            return Fail("ORDER BY term does not match any column in the result set");
        }
        return Fail("ORDER BY term of a compound SELECT must name a result column");
    }

    private R OperandStep(int level, in Token t)
    {
        if (t.Kind == TokenKind.Keyword)
        {
            switch (t.Keyword)
            {
                case Kw.Not when level == Full:
                    Push(Operand, level);
                    return R.Done;
                case Kw.Null:
                    Push(AfterOperand, level);
                    return R.Done;
                case Kw.Exists:
                    Push(AfterOperand, level);
                    Push(Expect, 0, (int)Sym.RParen);
                    Push(SubqueryDone, (int)QueryRole.Exists);
                    Push(QueryStart, (int)QueryRole.Exists);
                    Push(Expect, 0, (int)Sym.LParen);
                    return R.Done;
                case Kw.Case:
                    Push(AfterOperand, level);
                    Push(CaseStart);
                    return R.Done;
                case Kw.Cast:
                    Push(AfterOperand, level);
                    Push(Expect, 0, (int)Sym.RParen);
                    Push(CastType);
                    Push(Expect, 1, (int)Kw.As);
                    PushExpression();
                    Push(Expect, 0, (int)Sym.LParen);
                    return R.Done;
            }
        }
        switch (t.Kind)
        {
            case TokenKind.Symbol when t.Symbol is Sym.Plus or Sym.Minus:
                Push(Operand, level);
                return R.Done;
            case TokenKind.Symbol when t.Symbol == Sym.LParen:
                Push(AfterOperand, level);
                Push(ParenContent);
                return R.Done;
            case TokenKind.Integer:
                LastIntIndex = TokenIndex;
                LastIntValue = long.TryParse(t.Text, out var value) ? value : long.MaxValue;
                Push(AfterOperand, level);
                return R.Done;
            case TokenKind.Decimal or TokenKind.String:
                Push(AfterOperand, level);
                return R.Done;
        }
        if (t.IsName)
        {
            if (!OperandNamePossible(t.Text, t.IsPrefix, NameKind(t)))
                return Reject(UnknownNameMessage(t));
            if (!t.IsPrefix)
                Push(IdentTail, level, NameKind(t), t.Text);
            return R.Done;
        }
        return Expected("an expression", t);
    }

    private R AfterOperandStep(int level, in Token t)
    {
        if (t.Kind == TokenKind.Symbol)
        {
            switch (t.Symbol)
            {
                case Sym.Plus or Sym.Minus or Sym.Star or Sym.Slash or Sym.Percent or Sym.Concat:
                    PushExpression(level);
                    return R.Done;
                case Sym.Eq or Sym.EqEq or Sym.Ne or Sym.LtGt or Sym.Lt or Sym.Le or Sym.Gt or Sym.Ge when level == Full:
                    PushExpression(Full);
                    return R.Done;
            }
            return R.Again;
        }
        if (t.Kind != TokenKind.Keyword || level != Full)
            return R.Again;
        switch (t.Keyword)
        {
            case Kw.And or Kw.Or:
                PushExpression(Full);
                return R.Done;
            case Kw.Is:
                Push(AfterOperand, Full);
                Push(IsTail);
                return R.Done;
            case Kw.Not:
                Push(AfterOperand, Full);
                Push(NotInfix);
                return R.Done;
            case Kw.In:
                Push(AfterOperand, Full);
                Push(InOpen);
                return R.Done;
            case Kw.Like or Kw.Glob:
                Push(AfterOperand, Full);
                PushExpression(Additive);
                return R.Done;
            case Kw.Between:
                Push(AfterOperand, Full);
                Push(BetweenAnd);
                PushExpression(Additive);
                return R.Done;
        }
        return R.Again;
    }

    private R IdentTailStep(Frame f, in Token t)
    {
        var name = (string)f.Data!;
        if (t.Is(Sym.Dot))
        {
            // SQLite's "" is the empty string as an operand, but "".x would qualify by an empty name.
            if (name.Length == 0)
                return Reject("an identifier or alias cannot be empty");
            if (!QualifierPossible(name, prefix: false))
                return R.Fail;
            Push(QualifiedColumn, f.A, 0, name);
            return R.Done;
        }
        if (t.Is(Sym.LParen) && f.B == WordName)
        {
            var function = Dialect.FindFunction(name);
            if (Guards && function is null)
                return Reject($"unknown function '{name}'");
            Push(AfterOperand, f.A);
            Push(FuncArgs, Scope!.AggregateCount, 0, function);
            if (Guards && function!.MayAggregate)
            {
                var s = Scope.Clone();
                s.AggregateArgsDepth++;
                Scope = s;
            }
            return R.Done;
        }
        if (!ColumnReference(null, name, mayBeString: f.B == DoubleQuotedName))
            return R.Fail;
        LastColumn = new ColumnMark(TokenIndex - 1, TokenIndex, null, name);
        Push(AfterOperand, f.A);
        return R.Again;
    }

    private R FuncArgsStep(Frame f, in Token t)
    {
        var function = f.Data as SqlFunction;
        if (t.Is(Sym.RParen))
            return Check(CloseFunction(function, 0, f.A, distinct: false));
        if (t.Is(Sym.Star))
        {
            if (Guards && function is { AllowsStar: false })
                return Reject($"'*' is not an argument of {function.Name}()");
            Push(FuncStarClose, f.A, 0, function);
            return R.Done;
        }
        if (t.Is(Kw.Distinct))
        {
            if (Guards && function is { MayAggregate: false })
                return Reject($"DISTINCT is not allowed in {function.Name}()");
            Push(FuncArgSeparator, 1, (f.A << 1) | 1, function);
            PushExpression();
            return R.Done;
        }
        Push(FuncArgSeparator, 1, f.A << 1, function);
        PushExpression();
        return R.Again;
    }

    private bool CloseFunction(Frame f, int args) => f.Kind == FuncStarClose
        ? CloseFunction(f.Data as SqlFunction, args, f.A, distinct: false)
        : CloseFunction(f.Data as SqlFunction, args, f.B >> 1, (f.B & 1) != 0);

    private bool CloseFunction(SqlFunction? function, int args, int aggregatesBefore, bool distinct)
    {
        if (!Guards || function is null)
            return true;
        if (function.MayAggregate)
        {
            var d = Scope!.Clone();
            d.AggregateArgsDepth--;
            Scope = d;
        }
        if (args < function.MinArgs || args > function.MaxArgs)
            return Fail($"wrong number of arguments to function {function.Name}()");
        if (distinct && (args != 1 || !function.IsAggregateWith(args)))
            return Fail($"DISTINCT {function.Name}() must have exactly one argument");
        if (!function.IsAggregateWith(args))
            return true;
        var s = Scope!;
        if (s.AggregateCount > aggregatesBefore)
            return Fail($"misuse of aggregate function {function.Name}(): aggregates cannot be nested");
        switch (s.Clause)
        {
            case Clause.Where or Clause.On or Clause.From:
                return Fail($"misuse of aggregate function {function.Name}() in {(s.Clause == Clause.Where ? "WHERE" : "ON")}");
            case Clause.GroupBy:
                return Fail("aggregate functions are not allowed in the GROUP BY clause");
            case Clause.OrderBy when !s.HasGroupBy && !s.HasAggregate:
                return Fail($"misuse of aggregate function {function.Name}() in ORDER BY of a non-aggregate query");
        }
        var c = s.Clone();
        c.AggregateCount++;
        if (s.Clause == Clause.SelectList)
        {
            c.HasAggregate = true;
            c.ColumnAggregates = true;
        }
        Scope = c;
        return true;
    }
}
