using NlQuery.Sql.Lexing;

namespace NlQuery.Sql.Parsing;

/// <summary>Where an expression stands inside a SELECT: decides aggregate rules and which aliases are visible.</summary>
internal enum Clause : byte { SelectList, From, On, Where, GroupBy, Having, OrderBy, CompoundOrderBy }

/// <summary>A table in FROM: its qualifier (alias, or table name without one), the table's name and its columns.</summary>
internal sealed record Source(string? Qualifier, string TableName, NameSet Columns);

/// <summary>A column reference waiting for FROM to be known (typed in the SELECT list or an ON clause).</summary>
internal sealed record ColumnRef(string? Qualifier, string Name, int Offset, bool MayBeString, bool AllowAlias, Clause Clause, bool InAggregate);

/// <summary>A result-column alias, and whether its expression aggregates (such an alias may not appear in WHERE).</summary>
internal sealed record AliasInfo(string Name, bool Aggregates);

/// <summary>
/// What a result column is called and, for a bare column reference, how it was written; whether it aggregates.
/// A star stays a placeholder (<see cref="IsStar"/>, qualifier in <see cref="Qualifier"/>) until FROM is known.
/// </summary>
internal sealed record ResultColumn(string? Name, string? Qualifier, bool IsAlias, bool Aggregates = false, bool IsStar = false);

/// <summary>
/// The persistent scope of one SELECT core: sources, deferred references, aliases and aggregate bookkeeping.
/// Never mutated once published: every change clones it (and the chain below it when a parent changes).
/// </summary>
internal sealed class Scope
{
    public Scope? Parent;
    /// <summary>A derived table in FROM cannot see its siblings: resolution skips the parent's sources.</summary>
    public bool ParentOpaque;
    public Cons<Source>? Sources;
    public bool FromDone;
    public Cons<ColumnRef>? Pending;
    public Cons<AliasInfo>? Aliases;
    public Cons<ResultColumn>? Results;
    public int ResultCount;
    public Clause Clause;
    public int AggregateCount;
    /// <summary>How many calls of possibly-aggregate functions enclose the current position.</summary>
    public int AggregateArgsDepth;
    public bool HasAggregate;
    public bool ColumnAggregates;
    public bool HasGroupBy;
    public bool HasHaving;

    public Scope Clone() => (Scope)MemberwiseClone();

    /// <summary>The scope a name not found here is looked up in next.</summary>
    public Scope? Outer => ParentOpaque ? Parent?.Parent : Parent;

    public Scope WithParent(Scope? parent)
    {
        if (ReferenceEquals(parent, Parent))
            return this;
        var s = Clone();
        s.Parent = parent;
        return s;
    }

    /// <summary>Replaces the scope <see cref="Outer"/> points to, keeping an opaque parent in between.</summary>
    public Scope WithOuter(Scope? outer)
    {
        if (!ParentOpaque)
            return WithParent(outer);
        return WithParent(Parent!.WithParent(outer));
    }
}

/// <summary>What a finished query (possibly compound) yields: its column count and names.</summary>
internal sealed record QueryResult(int Count, Cons<ResultColumn>? Columns);

/// <summary>Why a query is parsed; decides the checks on its result when it ends.</summary>
internal enum QueryRole : byte { Statement, Scalar, In, Exists, Derived, Cte }

/// <summary>Facts about the query being parsed, kept in the frame below its cores.</summary>
internal sealed record QueryInfo(QueryRole Role, bool Opaque, int Cores, int FirstCount, Cons<ResultColumn>? FirstColumns,
    Cons<ResultColumn>? AllColumns, bool HasTop, bool HasOrderBy);
