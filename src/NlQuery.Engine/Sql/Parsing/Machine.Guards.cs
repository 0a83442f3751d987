using NlQuery.Sql.Lexing;

namespace NlQuery.Sql.Parsing;

/// <summary>
/// Schema guards. Names typed before FROM is known (the SELECT list, ON clauses) wait in the scope's pending list
/// and are only checked against "exists somewhere in the schema"; <see cref="ResolveFrom"/> binds them once FROM
/// ends. A name not found in a scope is looked up in the enclosing one (correlated subqueries), and waits there if
/// that scope's FROM is not known yet either.
/// </summary>
internal partial struct Machine
{
    private static bool NameMatches(string candidate, string text, bool prefix) => prefix
        ? candidate.StartsWith(text, StringComparison.OrdinalIgnoreCase)
        : string.Equals(candidate, text, StringComparison.OrdinalIgnoreCase);

    private static bool AliasesVisible(Clause clause) => clause is Clause.Where or Clause.GroupBy or Clause.Having or Clause.OrderBy;

    private readonly string UnknownNameMessage(in Token t)
    {
        if (t.IsPrefix)
            return $"no column, alias or function starts with '{t.Text}'";
        var sources = Cons<Source>.InOrder(Scope!.Sources);
        return sources.Count == 1 ? $"unknown column '{t.Text}' in table '{sources[0].TableName}'" : $"unknown column '{t.Text}'";
    }

    /// <summary>Whether <paramref name="text"/> can begin an operand here: a column, a qualifier, a function or an alias.</summary>
    private readonly bool OperandNamePossible(string text, bool prefix, int kind)
    {
        if (!Guards || kind == DoubleQuotedName)
            return true;
        if (kind == WordName && Dialect.FunctionNames.Matches(text, prefix))
            return true;
        var s = Scope!;
        if (s.Clause == Clause.CompoundOrderBy)
            return true;
        for (var sc = s; sc is not null; sc = sc.Outer)
        {
            // Before FROM is known any name may still become a table alias.
            if (!sc.FromDone)
                return true;
            foreach (var source in Cons<Source>.Enumerate(sc.Sources))
            {
                if ((source.Qualifier is not null && NameMatches(source.Qualifier, text, prefix)) || source.Columns.Matches(text, prefix))
                    return true;
            }
            if (ReferenceEquals(sc, s) && AliasesVisible(s.Clause))
            {
                foreach (var alias in Cons<AliasInfo>.Enumerate(s.Aliases))
                {
                    if (NameMatches(alias.Name, text, prefix))
                        return true;
                }
            }
        }
        return false;
    }

    private bool QualifierPossible(string qualifier, bool prefix)
    {
        if (!Guards || Scope!.Clause == Clause.CompoundOrderBy)
            return true;
        for (var sc = Scope; sc is not null; sc = sc.Outer)
        {
            if (!sc.FromDone)
                return true;
            foreach (var source in Cons<Source>.Enumerate(sc.Sources))
            {
                if (source.Qualifier is not null && NameMatches(source.Qualifier, qualifier, prefix))
                    return true;
            }
        }
        return Fail($"unknown table or alias '{qualifier}'");
    }

    private bool QualifiedColumnPossible(string qualifier, string text, bool prefix)
    {
        if (!Guards || Scope!.Clause == Clause.CompoundOrderBy)
            return true;
        for (var sc = Scope; sc is not null && sc.FromDone; sc = sc.Outer)
        {
            var found = false;
            foreach (var source in Cons<Source>.Enumerate(sc.Sources))
            {
                if (source.Qualifier is null || !string.Equals(source.Qualifier, qualifier, StringComparison.OrdinalIgnoreCase))
                    continue;
                if (source.Columns.Matches(text, prefix))
                    return true;
                found = true;
            }
            if (found)
                return Fail($"no column of '{qualifier}' starts with '{text}'");
        }
        return NameExistsAnywhere(text, prefix) || Fail($"no column starts with '{text}'");
    }

    /// <summary>Whether any table, CTE or derived table declared so far has a column with this name (or prefix).</summary>
    private readonly bool NameExistsAnywhere(string name, bool prefix)
    {
        if (_ctx.Schema!.AllColumns.Matches(name, prefix))
            return true;
        foreach (var cte in Cons<CteDefinition>.Enumerate(Ctes))
        {
            if (cte.Columns.Matches(name, prefix))
                return true;
        }
        for (var sc = Scope; sc is not null; sc = sc.Parent)
        {
            foreach (var source in Cons<Source>.Enumerate(sc.Sources))
            {
                if (source.Columns.Matches(name, prefix))
                    return true;
            }
        }
        return false;
    }

    /// <summary>A complete column reference: bound now when FROM is known, otherwise kept for <see cref="ResolveFrom"/>.</summary>
    private bool ColumnReference(string? qualifier, string name, int offset = 0, bool mayBeString = false)
    {
        if (!Guards)
            return true;
        var s = Scope!;
        if (s.Clause == Clause.CompoundOrderBy)
            return true;
        var reference = new ColumnRef(qualifier, name, offset, mayBeString && qualifier is null, qualifier is null, s.Clause, s.AggregateArgsDepth > 0);
        if (s.FromDone)
        {
            if (!Resolve(s, reference, out var resolved))
                return false;
            Scope = resolved;
            return true;
        }
        if (!reference.MayBeString && !NameExistsAnywhere(name, prefix: false))
            return Fail(qualifier is null ? $"unknown column '{name}'" : $"unknown column '{qualifier}.{name}'");
        if (!CheckEarly(s.Sources, reference, out var bound))
            return false;
        if (bound)
            return true;
        var c = s.Clone();
        c.Pending = new Cons<ColumnRef>(reference, c.Pending);
        Scope = c;
        return true;
    }

    /// <summary>
    /// Checks a waiting reference against the sources declared so far, where more sources cannot change the answer:
    /// a qualifier already declared (a second one would be a duplicate) or a name two sources already share.
    /// </summary>
    private bool CheckEarly(Cons<Source>? sources, ColumnRef reference, out bool bound)
    {
        bound = false;
        if (reference.Qualifier is not null)
        {
            foreach (var source in Cons<Source>.Enumerate(sources))
            {
                if (source.Qualifier is null || !string.Equals(source.Qualifier, reference.Qualifier, StringComparison.OrdinalIgnoreCase))
                    continue;
                var count = source.Columns.CountOf(reference.Name);
                if (count == 0)
                    return Fail($"unknown column '{reference.Name}' in table '{source.TableName}'");
                if (count > 1)
                    return Fail($"ambiguous column name '{reference.Qualifier}.{reference.Name}'");
                bound = true;
                return true;
            }
            return true;
        }
        var having = 0;
        foreach (var source in Cons<Source>.Enumerate(sources))
            having += source.Columns.CountOf(reference.Name);
        return having <= 1 || Fail($"ambiguous column name '{reference.Name}'");
    }

    private bool Resolve(Scope s, ColumnRef reference, out Scope result)
    {
        result = s;
        var found = LookupIn(s, reference);
        if (found < 0)
            return false;
        if (found > 0)
            return true;
        var outer = s.Outer;
        if (outer is null)
        {
            if (reference.MayBeString)
                return true;
            return Fail(reference.Qualifier is null ? UnknownColumn(s, reference.Name) : $"unknown table or alias '{reference.Qualifier}'");
        }
        // SQLite binds an aggregate whose arguments name only outer columns to the outer query (usually a misuse
        // there), and resolves GROUP BY / ORDER BY terms in their own query only: refuse rather than guess.
        if (reference.InAggregate && !reference.MayBeString)
            return Fail($"aggregate argument '{reference.Name}' refers to an enclosing query");
        if (reference.Clause is Clause.GroupBy or Clause.OrderBy && !reference.MayBeString)
            return Fail(UnknownColumn(s, reference.Name));
        var up = reference with { AllowAlias = false, InAggregate = false, Clause = Clause.Where };
        Scope newOuter;
        if (outer.FromDone)
        {
            if (!Resolve(outer, up, out newOuter))
                return false;
        }
        else
        {
            if (!up.MayBeString && !NameExistsAnywhere(up.Name, prefix: false))
                return Fail($"unknown column '{up.Name}'");
            newOuter = outer.Clone();
            newOuter.Pending = new Cons<ColumnRef>(up, newOuter.Pending);
        }
        result = s.WithOuter(newOuter);
        return true;
    }

    private static string UnknownColumn(Scope s, string name)
    {
        var sources = Cons<Source>.InOrder(s.Sources);
        return sources.Count == 1 ? $"unknown column '{name}' in table '{sources[0].TableName}'" : $"unknown column '{name}'";
    }

    /// <summary>1: bound in this scope; 0: not here (look outside); -1: an error (ambiguous, wrong table).</summary>
    private int LookupIn(Scope s, ColumnRef r)
    {
        if (r.Qualifier is not null)
        {
            int matches = 0, has = 0;
            Source? only = null;
            foreach (var source in Cons<Source>.Enumerate(s.Sources))
            {
                if (source.Qualifier is null || !string.Equals(source.Qualifier, r.Qualifier, StringComparison.OrdinalIgnoreCase))
                    continue;
                matches++;
                only = source;
                has += source.Columns.CountOf(r.Name);
            }
            if (matches == 0)
                return 0;
            if (has == 0)
                return Fail($"unknown column '{r.Name}' in table '{only!.TableName}'") ? 1 : -1;
            if (has > 1)
                return Fail($"ambiguous column name '{r.Qualifier}.{r.Name}'") ? 1 : -1;
            return 1;
        }
        var aliasFirst = r.AllowAlias && r.Clause is Clause.OrderBy or Clause.GroupBy;
        if (aliasFirst)
        {
            var a = LookupAlias(s, r);
            if (a != 0)
                return a;
        }
        var count = 0;
        foreach (var source in Cons<Source>.Enumerate(s.Sources))
            count += source.Columns.CountOf(r.Name);
        if (count == 1)
            return 1;
        if (count > 1)
            return Fail($"ambiguous column name '{r.Name}'") ? 1 : -1;
        if (r.AllowAlias && !aliasFirst && AliasesVisible(r.Clause))
            return LookupAlias(s, r);
        return 0;
    }

    private int LookupAlias(Scope s, ColumnRef r)
    {
        foreach (var alias in Cons<AliasInfo>.Enumerate(s.Aliases))
        {
            if (!string.Equals(alias.Name, r.Name, StringComparison.OrdinalIgnoreCase))
                continue;
            if (alias.Aggregates && r.Clause is Clause.Where or Clause.GroupBy)
                return Fail($"misuse of aggregate alias '{r.Name}' in {(r.Clause == Clause.Where ? "WHERE" : "GROUP BY")}") ? 1 : -1;
            return 1;
        }
        return 0;
    }

    /// <summary>FROM has ended (or there is none): expand stars and bind every reference that waited for it.</summary>
    private bool ResolveFrom()
    {
        var s = Scope!;
        if (s.FromDone)
            return true;
        s = s.Clone();
        s.FromDone = true;
        if (Guards)
        {
            var sources = Cons<Source>.InOrder(s.Sources);
            var ordered = Cons<ResultColumn>.InOrder(s.Results);
            if (ordered.Any(r => r.IsStar))
            {
                // Expand stars in place, so that GROUP BY/ORDER BY n and derived-table names see the real columns.
                Cons<ResultColumn>? rebuilt = null;
                var count = 0;
                foreach (var column in ordered)
                {
                    if (!column.IsStar)
                    {
                        rebuilt = new Cons<ResultColumn>(column, rebuilt);
                        count++;
                        continue;
                    }
                    if (sources.Count == 0)
                        return Fail("no tables specified for *");
                    var matched = false;
                    foreach (var source in sources)
                    {
                        if (column.Qualifier is not null && (source.Qualifier is null || !string.Equals(source.Qualifier, column.Qualifier, StringComparison.OrdinalIgnoreCase)))
                            continue;
                        matched = true;
                        foreach (var name in source.Columns.Names)
                        {
                            rebuilt = new Cons<ResultColumn>(new ResultColumn(name, source.Qualifier, false), rebuilt);
                            count++;
                        }
                    }
                    if (!matched)
                        return Fail($"unknown table or alias '{column.Qualifier}'");
                }
                s.Results = rebuilt;
                s.ResultCount = count;
            }
            var pending = Cons<ColumnRef>.InOrder(s.Pending);
            s.Pending = null;
            foreach (var reference in pending)
            {
                if (!Resolve(s, reference, out s))
                    return false;
            }
        }
        Scope = s;
        return true;
    }

    private bool AddStar(string? qualifier)
    {
        if (qualifier is not null && !QualifierPossible(qualifier, prefix: false))
            return false;
        var s = Scope!.Clone();
        s.Results = new Cons<ResultColumn>(new ResultColumn(null, qualifier, false, IsStar: true), s.Results);
        Scope = s;
        return true;
    }

    private bool AddSource(Source source)
    {
        var s = Scope!;
        if (Guards && source.Qualifier is not null)
        {
            foreach (var existing in Cons<Source>.Enumerate(s.Sources))
            {
                if (existing.Qualifier is not null && string.Equals(existing.Qualifier, source.Qualifier, StringComparison.OrdinalIgnoreCase))
                    return Fail($"duplicate table name or alias '{source.Qualifier}' in FROM");
            }
        }
        var sources = new Cons<Source>(source, s.Sources);
        if (Guards)
        {
            foreach (var reference in Cons<ColumnRef>.Enumerate(s.Pending))
            {
                if (!reference.MayBeString && !CheckEarly(sources, reference, out _))
                    return false;
            }
        }
        s = s.Clone();
        s.Sources = sources;
        Scope = s;
        return true;
    }

    /// <summary>Records one result column: its alias, or its name when it is a bare column reference.</summary>
    private void AddResult(int start, int end, string? alias)
    {
        var s = Scope!.Clone();
        s.ResultCount++;
        var mark = LastColumn.GetValueOrDefault();
        var bare = LastColumn.HasValue && mark.Start == start && mark.End == end;
        var column = alias is not null ? new ResultColumn(alias, null, true, s.ColumnAggregates)
            : bare ? new ResultColumn(mark.Name, mark.Qualifier, false)
            : new ResultColumn(null, null, false, s.ColumnAggregates);
        if (alias is not null)
            s.Aliases = new Cons<AliasInfo>(new AliasInfo(alias, s.ColumnAggregates), s.Aliases);
        s.Results = new Cons<ResultColumn>(column, s.Results);
        Scope = s;
    }
}
