namespace NlQuery.Sql.Parsing;

/// <summary>What the parser expects next at one level of nesting (a resumable grammar position).</summary>
internal enum FrameKind : byte
{
    StmtStart, StmtEnd, StmtAfterSemicolon, Accepted,
    CteName, CteDone, CteSeparator,
    QueryStart, CoreSelect, CoreDistinct, CoreTop, TopValue, TopClose,
    ResultStart, ResultIdent, ResultQualifiedDot, ResultAfterExpr, ResultAlias, ResultSeparator,
    CoreFrom, FromSource, TableAfterName, TableAlias, DerivedAfter, DerivedAlias, FromAfterSource, JoinOuter,
    CoreWhere, CoreGroupBy, GroupTermEnd, CoreHaving, CoreEnd,
    QueryAfterCore, CompoundAll, OrderTermEnd, OrderDirectionDone, QueryAfterOrder, LimitValue, LimitAfter, QueryFinish,
    TsqlFetch, TsqlFetchNext, TsqlRows,
    Operand, AfterOperand, IdentTail, QualifiedColumn, FuncArgs, FuncArgSeparator, FuncStarClose, ParenContent, SubqueryDone,
    Expect, CaseStart, CaseExpectWhen, CaseWhenThen, CaseAfterThen, CastType, CastTypeArgs, CastTypeNumber, CastTypeSeparator,
    InOpen, InContent, InListSeparator, BetweenAnd, IsTail, NotInfix,
}

/// <summary>
/// One entry of the parser's stack, an immutable linked list: pushing shares everything below, so a state forked
/// for each beam candidate costs one or two small allocations per token.
/// </summary>
internal sealed class Frame(FrameKind kind, Frame? next, int a, int b, object? data)
{
    public FrameKind Kind { get; } = kind;
    public Frame? Next { get; } = next;
    public int A { get; } = a;
    public int B { get; } = b;
    public object? Data { get; } = data;
}
