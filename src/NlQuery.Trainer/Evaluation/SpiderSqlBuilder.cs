using System.Globalization;
using System.Text.Json.Nodes;
using NlQuery.Sql;

namespace NlQuery.Training.Evaluation;

/// <summary>
/// Builds Spider's <see cref="SpiderSql"/> structure from the syntax tree of NlQuery's parser, following the rules of
/// Spider's process_sql.py: aggregates in SELECT sit on the select item, elsewhere on the col_unit; conditions are flat
/// <c>cond, "and"|"or", cond</c> lists in text order; ON conditions of all joins are joined by "and"; one ORDER BY
/// direction (the last one written); ORDER BY and LIMIT of a compound query belong to its last SELECT; set operations
/// nest to the right; table aliases are global to the statement, the last definition winning (as process_sql's alias
/// scan); an unqualified column belongs to the first FROM table that has it.
/// Constructs the structure cannot express (IN lists, IS NULL, EXISTS, CASE, CTEs, parenthesised conditions, a
/// SELECT item that is arithmetic over aggregates, …) throw <see cref="NotSupportedException"/>: Spider's evaluator
/// gives such a prediction the empty structure.
/// Deliberately more lenient than process_sql (documented differences): comma joins, aliases without AS, result-column
/// aliases, <c>&lt;&gt;</c> and <c>==</c>, and negative numbers are accepted, because they have one obvious structure.
/// </summary>
public sealed class SpiderSqlBuilder
{
    private static readonly string[] AggregateNames = ["none", "max", "min", "count", "sum", "avg"];
    private static readonly string[] WhereOperators = ["not", "between", "=", ">", "<", ">=", "<=", "!=", "in", "like", "is", "exists"];
    private static readonly string[] UnitOperators = ["none", "-", "+", "*", "/"];

    private readonly SpiderDatabaseInfo _database;
    private readonly SqlParser _parser = new(SqlDialect.Sqlite, ParseMode.Grammar);
    private Dictionary<string, string> _aliases = new(StringComparer.OrdinalIgnoreCase);

    public SpiderSqlBuilder(SpiderDatabaseInfo database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>Parses <paramref name="sql"/> (SQLite grammar) and builds its structure.</summary>
    /// <exception cref="SqlParseException">The text is not a query.</exception>
    /// <exception cref="NotSupportedException">The query uses something Spider's structure cannot hold.</exception>
    public SpiderSql Build(string sql) => Build(_parser.ParseStatement(JoinSplitOperators(sql)));

    /// <summary>
    /// Joins <c>! =</c>, <c>&gt; =</c> and <c>&lt; =</c> written with spaces (found in SParC/CoSQL gold), as process_sql's
    /// tokenizer does; text inside quotes is left alone.
    /// </summary>
    public static string JoinSplitOperators(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var text = new System.Text.StringBuilder(sql.Length);
        char quote = '\0';
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            text.Append(c);
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
                continue;
            }
            if (c is '\'' or '"' or '`')
                quote = c;
            else if (c is '!' or '<' or '>')
            {
                var j = i + 1;
                while (j < sql.Length && char.IsWhiteSpace(sql[j]))
                    j++;
                if (j > i + 1 && j < sql.Length && sql[j] == '=')
                    i = j - 1;
            }
        }
        return text.ToString();
    }

    public SpiderSql Build(SqlStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.With.Count > 0)
            throw new NotSupportedException("WITH is not part of Spider's sql structure.");
        _aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        CollectAliases(statement.Query);
        return new SpiderSql(Query(statement.Query));
    }

    // process_sql maps every "x AS y" of the whole statement, in text order, so a later alias shadows an earlier one
    // even in another subquery. Following it keeps our structure equal to the dataset's.
    private void CollectAliases(SqlQuery query)
    {
        foreach (var core in query.Cores)
        {
            foreach (var item in core.Columns)
                if (item.Expression is not null)
                    CollectAliases(item.Expression);
            foreach (var from in core.From)
            {
                if (from.Subquery is not null)
                    CollectAliases(from.Subquery);
                else if (from.Alias is not null && from.Table is not null)
                    _aliases[from.Alias] = from.Table;
                if (from.On is not null)
                    CollectAliases(from.On);
            }
            foreach (var e in new[] { core.Where, core.Having }.Concat(core.GroupBy))
                if (e is not null)
                    CollectAliases(e);
        }
        foreach (var term in query.OrderBy)
            CollectAliases(term.Expression);
    }

    private void CollectAliases(SqlExpression expression)
    {
        switch (expression)
        {
            case SubqueryExpression s: CollectAliases(s.Query); break;
            case ExistsExpression s: CollectAliases(s.Query); break;
            case InExpression s:
                CollectAliases(s.Operand);
                if (s.Subquery is not null)
                    CollectAliases(s.Subquery);
                break;
            case BinaryExpression b: CollectAliases(b.Left); CollectAliases(b.Right); break;
            case UnaryExpression u: CollectAliases(u.Operand); break;
            case ParenthesizedExpression p: CollectAliases(p.Inner); break;
            case BetweenExpression b: CollectAliases(b.Operand); CollectAliases(b.Low); CollectAliases(b.High); break;
            case FunctionExpression f: foreach (var a in f.Arguments) CollectAliases(a); break;
        }
    }

    private JsonObject Query(SqlQuery query)
    {
        if (query.Offset is not null)
            throw new NotSupportedException("OFFSET is not part of Spider's sql structure.");
        JsonObject? next = null;
        for (var i = query.Cores.Count - 1; i >= 0; i--)
        {
            var last = i == query.Cores.Count - 1;
            var node = Core(query.Cores[i], last ? query.OrderBy : [], last ? query.Limit : null);
            node["intersect"] = null;
            node["union"] = null;
            node["except"] = null;
            if (next is not null)
            {
                var key = query.Operators[i] switch
                {
                    SetOperator.Intersect => "intersect",
                    SetOperator.Union => "union",
                    SetOperator.Except => "except",
                    _ => throw new NotSupportedException("UNION ALL is not part of Spider's sql structure."),
                };
                node[key] = next;
            }
            next = node;
        }
        return next!;
    }

    private JsonObject Core(SelectCore core, IReadOnlyList<OrderTerm> orderBy, SqlExpression? limit)
    {
        if (core.Top is not null)
            throw new NotSupportedException("TOP is not part of Spider's sql structure.");
        var tableUnits = new JsonArray();
        var joinConditions = new JsonArray();
        var defaultTables = new List<int>();
        foreach (var from in core.From)
        {
            if (from.Join is JoinKind.Left or JoinKind.Cross)
                throw new NotSupportedException($"{from.Join} JOIN is not part of Spider's sql structure.");
            if (from.Subquery is not null)
                tableUnits.Add(new JsonArray("sql", Query(from.Subquery)));
            else
            {
                var table = _database.FindTable(from.Table!)
                    ?? throw new NotSupportedException($"Table '{from.Table}' is not in database '{_database.DbId}'.");
                tableUnits.Add(new JsonArray("table_unit", table));
                defaultTables.Add(table);
            }
            if (from.On is not null)
            {
                if (joinConditions.Count > 0)
                    joinConditions.Add("and");
                AddConditions(from.On, defaultTables, joinConditions);
            }
        }
        if (core.From.Count == 0)
            throw new NotSupportedException("A SELECT without FROM is not part of Spider's sql structure.");

        var select = new JsonArray();
        foreach (var item in core.Columns)
            select.Add(SelectItem(item, defaultTables));

        var groupBy = new JsonArray();
        foreach (var g in core.GroupBy)
            groupBy.Add(ColUnit(g, defaultTables));

        JsonNode order = new JsonArray();
        if (orderBy.Count > 0)
        {
            var direction = "asc";
            var units = new JsonArray();
            foreach (var term in orderBy)
            {
                units.Add(ValUnit(term.Expression, defaultTables));
                if (term.Descending)
                    direction = "desc";
                else if (term.ExplicitAscending)
                    direction = "asc";
            }
            order = new JsonArray(direction, units);
        }

        JsonNode? limitNode = limit switch
        {
            null => null,
            LiteralExpression { Kind: LiteralKind.Integer } l when int.TryParse(l.Value, CultureInfo.InvariantCulture, out var n) => n,
            _ => throw new NotSupportedException("Spider's LIMIT is an integer."),
        };

        return new JsonObject
        {
            ["from"] = new JsonObject { ["table_units"] = tableUnits, ["conds"] = joinConditions },
            ["select"] = new JsonArray(core.Distinct, select),
            ["where"] = core.Where is null ? new JsonArray() : Condition(core.Where, defaultTables),
            ["groupBy"] = groupBy,
            ["having"] = core.Having is null ? new JsonArray() : Condition(core.Having, defaultTables),
            ["orderBy"] = order,
            ["limit"] = limitNode,
        };
    }

    private JsonArray SelectItem(SelectItem item, List<int> tables)
    {
        if (item.IsStar)
        {
            if (item.StarQualifier is not null)
                throw new NotSupportedException($"'{item.StarQualifier}.*' is not part of Spider's sql structure.");
            return new JsonArray(0, new JsonArray(0, new JsonArray(0, 0, false), null));
        }
        var expression = Unwrap(item.Expression!);
        // The aggregate of a select item sits on the item: count(*) is [3, [0, [0, 0, false], null]].
        if (expression is FunctionExpression f && AggregateId(f.Name) is { } agg and > 0)
        {
            if (f.IsStar)
                return new JsonArray(agg, new JsonArray(0, new JsonArray(0, 0, f.Distinct), null));
            if (f.Arguments.Count != 1)
                throw new NotSupportedException($"{f.Name} takes one argument in Spider's sql structure.");
            var inner = ValUnit(f.Arguments[0], tables);
            if (f.Distinct)
            {
                if (inner[2] is not null)
                    throw new NotSupportedException("DISTINCT over arithmetic is not part of Spider's sql structure.");
                ((JsonArray)inner[1]!)[2] = true;
            }
            return new JsonArray(agg, inner);
        }
        return new JsonArray(0, ValUnit(expression, tables));
    }

    private JsonArray ValUnit(SqlExpression expression, List<int> tables)
    {
        expression = Unwrap(expression);
        if (expression is BinaryExpression b && Array.IndexOf(UnitOperators, b.Operator) is var op and > 0)
            return new JsonArray(op, ColUnit(b.Left, tables), ColUnit(b.Right, tables));
        return new JsonArray(0, ColUnit(expression, tables), null);
    }

    private JsonArray ColUnit(SqlExpression expression, List<int> tables)
    {
        expression = Unwrap(expression);
        switch (expression)
        {
            case ColumnExpression c:
                return new JsonArray(0, Column(c, tables), false);
            case FunctionExpression f when AggregateId(f.Name) is { } agg and > 0:
                if (f.IsStar)
                    return new JsonArray(agg, 0, f.Distinct);
                if (f.Arguments.Count != 1 || Unwrap(f.Arguments[0]) is not ColumnExpression column)
                    throw new NotSupportedException($"Spider's col_unit is {f.Name}(column): '{f.Name}' over an expression cannot be expressed.");
                return new JsonArray(agg, Column(column, tables), f.Distinct);
            default:
                throw new NotSupportedException($"{Describe(expression)} is not a column or an aggregate of a column, as Spider's col_unit needs.");
        }
    }

    private int Column(ColumnExpression column, List<int> tables)
    {
        if (column.Qualifier is not null)
        {
            var tableName = _aliases.GetValueOrDefault(column.Qualifier, column.Qualifier);
            var table = _database.FindTable(tableName)
                ?? throw new NotSupportedException($"'{column.Qualifier}' names no table of '{_database.DbId}'.");
            return _database.FindColumn(table, column.Name)
                ?? throw new NotSupportedException($"Table '{tableName}' has no column '{column.Name}'.");
        }
        foreach (var table in tables)
            if (_database.FindColumn(table, column.Name) is { } id)
                return id;
        throw new NotSupportedException($"No FROM table of this SELECT has a column '{column.Name}'.");
    }

    private JsonArray Condition(SqlExpression expression, List<int> tables)
    {
        var result = new JsonArray();
        AddConditions(expression, tables, result);
        return result;
    }

    // In-order flattening of the AND/OR tree reproduces the token order process_sql reads, which has no precedence.
    private void AddConditions(SqlExpression expression, List<int> tables, JsonArray into)
    {
        if (expression is BinaryExpression { Operator: "AND" or "OR" } b)
        {
            AddConditions(b.Left, tables, into);
            into.Add(b.Operator.ToLowerInvariant());
            AddConditions(b.Right, tables, into);
            return;
        }
        into.Add(CondUnit(expression, tables));
    }

    private JsonArray CondUnit(SqlExpression expression, List<int> tables)
    {
        switch (Unwrap(expression))
        {
            case BinaryExpression b:
                var (not, name) = b.Operator.ToUpperInvariant() switch
                {
                    "=" or "==" => (false, "="),
                    "!=" or "<>" => (false, "!="),
                    ">" or "<" or ">=" or "<=" => (false, b.Operator),
                    "LIKE" => (false, "like"),
                    "NOT LIKE" => (true, "like"),
                    _ => throw new NotSupportedException($"The operator '{b.Operator}' is not a condition of Spider's sql structure."),
                };
                return new JsonArray(not, Array.IndexOf(WhereOperators, name), ValUnit(b.Left, tables), Value(b.Right, tables), null);
            case BetweenExpression b:
                return new JsonArray(b.Not, 1, ValUnit(b.Operand, tables), Value(b.Low, tables), Value(b.High, tables));
            case InExpression i when i.Subquery is not null:
                return new JsonArray(i.Not, 8, ValUnit(i.Operand, tables), Query(i.Subquery), null);
            case var other:
                throw new NotSupportedException($"{Describe(other)} is not a condition of Spider's sql structure.");
        }
    }

    private JsonNode Value(SqlExpression expression, List<int> tables)
    {
        switch (Unwrap(expression))
        {
            case LiteralExpression { Kind: LiteralKind.Integer or LiteralKind.Decimal } n:
                return double.Parse(n.Value, CultureInfo.InvariantCulture);
            case UnaryExpression { Operator: "-", Operand: LiteralExpression { Kind: LiteralKind.Integer or LiteralKind.Decimal } n }:
                return -double.Parse(n.Value, CultureInfo.InvariantCulture);
            case LiteralExpression { Kind: LiteralKind.String } s:
                // process_sql keeps a string value with its quotes, as double quotes.
                return "\"" + s.Value + "\"";
            case SubqueryExpression s:
                return Query(s.Query);
            case ColumnExpression or FunctionExpression:
                return ColUnit(expression, tables);
            case var other:
                throw new NotSupportedException($"{Describe(other)} is not a value of Spider's sql structure.");
        }
    }

    private static SqlExpression Unwrap(SqlExpression expression)
    {
        while (expression is ParenthesizedExpression p && p.Inner is not BinaryExpression { Operator: "AND" or "OR" })
            expression = p.Inner;
        return expression;
    }

    private static int? AggregateId(string name)
    {
        var i = Array.FindIndex(AggregateNames, a => a.Equals(name, StringComparison.OrdinalIgnoreCase));
        return i < 0 ? null : i;
    }

    private static string Describe(SqlExpression e) => e switch
    {
        LiteralExpression { Kind: LiteralKind.Null } => "NULL",
        LiteralExpression l => $"The literal {l.Value}",
        FunctionExpression f => $"The function {f.Name}()",
        BinaryExpression b => $"An expression with '{b.Operator}'",
        _ => $"A {e.GetType().Name.Replace("Expression", "", StringComparison.Ordinal).ToLowerInvariant()} expression",
    };
}
