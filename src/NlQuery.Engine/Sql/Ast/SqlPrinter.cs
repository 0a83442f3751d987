using System.Text;
using NlQuery.Sql.Lexing;

namespace NlQuery.Sql;

/// <summary>
/// Renders a syntax tree in one dialect: names quoted only when needed, row limits in the dialect's form
/// (LIMIT/OFFSET or TOP/OFFSET … FETCH), function and operator spellings mapped.
/// </summary>
internal sealed class SqlPrinter(SqlDialect dialect)
{
    private readonly StringBuilder _sql = new();
    private bool _sameDialect;

    public string Print(SqlStatement statement)
    {
        _sameDialect = statement.SourceDialect == dialect;
        if (statement.With.Count > 0)
        {
            _sql.Append("WITH ");
            for (var i = 0; i < statement.With.Count; i++)
            {
                if (i > 0)
                    _sql.Append(", ");
                _sql.Append(Name(statement.With[i].Name)).Append(" AS (");
                Query(statement.With[i].Query, nested: true);
                _sql.Append(')');
            }
            _sql.Append(' ');
        }
        Query(statement.Query);
        return _sql.ToString();
    }

    private string Name(string name) => dialect.QuoteName(name);

    private void Query(SqlQuery query, bool nested = false)
    {
        // SQLite's negative LIMIT means "no limit".
        if (query.Limit is UnaryExpression { Operator: "-" })
            query = query with { Limit = null };
        // T-SQL: a plain LIMIT on one core becomes TOP; an offset (or a limit over a compound) needs OFFSET … FETCH.
        var top = dialect.UsesTop && query.Limit is not null && query.Offset is null && query.Cores.Count == 1 ? query.Limit : null;
        for (var i = 0; i < query.Cores.Count; i++)
        {
            if (i > 0)
            {
                _sql.Append(query.Operators[i - 1] switch
                {
                    SetOperator.Union => " UNION ",
                    SetOperator.UnionAll => " UNION ALL ",
                    SetOperator.Intersect => " INTERSECT ",
                    _ => " EXCEPT ",
                });
            }
            Core(query.Cores[i], top ?? query.Cores[i].Top);
        }
        var fetch = dialect.UsesTop && (query.Offset is not null || (query.Limit is not null && top is null));
        if (query.OrderBy.Count > 0)
        {
            _sql.Append(" ORDER BY ");
            for (var i = 0; i < query.OrderBy.Count; i++)
            {
                if (i > 0)
                    _sql.Append(", ");
                Expression(query.OrderBy[i].Expression);
                if (query.OrderBy[i].Descending)
                    _sql.Append(" DESC");
                else if (query.OrderBy[i].ExplicitAscending)
                    _sql.Append(" ASC");
            }
        }
        else if (fetch)
        {
            // OFFSET needs an ORDER BY; a compound select may only order by its result columns, so by the first.
            _sql.Append(query.Cores.Count > 1 ? " ORDER BY 1" : " ORDER BY (SELECT NULL)");
        }
        // T-SQL refuses ORDER BY in a subquery or CTE without TOP or OFFSET; OFFSET 0 ROWS keeps every row, as SQLite does.
        if (dialect.UsesTop && nested && query.OrderBy.Count > 0 && !fetch && !(query.Cores.Count == 1 && (top ?? query.Cores[0].Top) is not null))
            _sql.Append(" OFFSET 0 ROWS");
        if (fetch)
        {
            _sql.Append(" OFFSET ");
            if (query.Offset is null)
                _sql.Append('0');
            else
                Expression(query.Offset);
            _sql.Append(" ROWS");
            if (query.Limit is not null)
            {
                _sql.Append(" FETCH NEXT ");
                Expression(query.Limit);
                _sql.Append(" ROWS ONLY");
            }
        }
        else if (!dialect.UsesTop)
        {
            // From T-SQL: TOP on a single core becomes LIMIT.
            var limit = query.Limit ?? (query.Cores.Count == 1 ? query.Cores[0].Top : null);
            if (limit is not null)
            {
                _sql.Append(" LIMIT ");
                Expression(limit);
            }
            if (query.Offset is not null)
            {
                if (limit is null && !dialect.AllowsOffsetWithoutLimit)
                    _sql.Append(" LIMIT -1");
                _sql.Append(" OFFSET ");
                Expression(query.Offset);
            }
        }
    }

    private void Core(SelectCore core, SqlExpression? top)
    {
        _sql.Append("SELECT ");
        if (core.Distinct)
            _sql.Append("DISTINCT ");
        if (dialect.UsesTop && top is not null)
        {
            _sql.Append("TOP ");
            Expression(top);
            _sql.Append(' ');
        }
        for (var i = 0; i < core.Columns.Count; i++)
        {
            if (i > 0)
                _sql.Append(", ");
            var item = core.Columns[i];
            if (item.IsStar)
                _sql.Append(item.StarQualifier is null ? "*" : Name(item.StarQualifier) + ".*");
            else
            {
                Expression(item.Expression!);
                if (item.Alias is not null)
                    _sql.Append(" AS ").Append(Name(item.Alias));
            }
        }
        if (core.From.Count > 0)
        {
            _sql.Append(" FROM ");
            foreach (var item in core.From)
            {
                _sql.Append(item.Join switch
                {
                    JoinKind.First => "",
                    JoinKind.Comma => ", ",
                    JoinKind.Join => " JOIN ",
                    JoinKind.Inner => " INNER JOIN ",
                    JoinKind.Left => " LEFT JOIN ",
                    _ => " CROSS JOIN ",
                });
                if (item.Subquery is not null)
                {
                    _sql.Append('(');
                    Query(item.Subquery, nested: true);
                    _sql.Append(')');
                }
                else
                    _sql.Append(Name(item.Table!));
                if (item.Alias is not null)
                    _sql.Append(" AS ").Append(Name(item.Alias));
                if (item.On is not null)
                {
                    _sql.Append(" ON ");
                    Expression(item.On);
                }
            }
        }
        if (core.Where is not null)
        {
            _sql.Append(" WHERE ");
            Expression(core.Where);
        }
        if (core.GroupBy.Count > 0)
        {
            _sql.Append(" GROUP BY ");
            List(core.GroupBy);
        }
        if (core.Having is not null)
        {
            _sql.Append(" HAVING ");
            Expression(core.Having);
        }
    }

    private void List(IReadOnlyList<SqlExpression> expressions)
    {
        for (var i = 0; i < expressions.Count; i++)
        {
            if (i > 0)
                _sql.Append(", ");
            Expression(expressions[i]);
        }
    }

    private void Expression(SqlExpression expression)
    {
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new ArgumentException("The statement is nested too deeply to print.", nameof(expression));
        switch (expression)
        {
            case LiteralExpression literal:
                _sql.Append(literal.Kind == LiteralKind.String ? "'" + literal.Value.Replace("'", "''") + "'" : literal.Value);
                break;
            case ColumnExpression column:
                if (column.Qualifier is not null)
                    _sql.Append(Name(column.Qualifier)).Append('.');
                _sql.Append(Name(column.Name));
                break;
            case FunctionExpression function:
                _sql.Append(FunctionName(function)).Append('(');
                // SQLite's count() means count(*), the only spelling T-SQL and PostgreSQL accept.
                if (function.IsStar || (function.Arguments.Count == 0 && function.Name.Equals("count", StringComparison.OrdinalIgnoreCase)))
                    _sql.Append('*');
                if (function.Distinct)
                    _sql.Append("DISTINCT ");
                List(function.Arguments);
                _sql.Append(')');
                break;
            case UnaryExpression unary:
                _sql.Append(unary.Operator);
                if (unary.Operator == "NOT")
                    _sql.Append(' ');
                var operandStart = _sql.Length;
                Expression(unary.Operand);
                // "- -5" must not glue into "--5", which starts a comment (nor "+ -5", "- +5" into odd tokens).
                if (unary.Operator != "NOT" && _sql.Length > operandStart && _sql[operandStart] is '-' or '+')
                    _sql.Insert(operandStart, ' ');
                break;
            case BinaryExpression binary:
                Expression(binary.Left);
                _sql.Append(' ').Append(Operator(binary.Operator)).Append(' ');
                Expression(binary.Right);
                break;
            case InExpression @in:
                Expression(@in.Operand);
                _sql.Append(@in.Not ? " NOT IN (" : " IN (");
                if (@in.Subquery is not null)
                    Query(@in.Subquery, nested: true);
                else
                    List(@in.Values);
                _sql.Append(')');
                break;
            case BetweenExpression between:
                Expression(between.Operand);
                _sql.Append(between.Not ? " NOT BETWEEN " : " BETWEEN ");
                Expression(between.Low);
                _sql.Append(" AND ");
                Expression(between.High);
                break;
            case CaseExpression @case:
                _sql.Append("CASE");
                if (@case.Operand is not null)
                {
                    _sql.Append(' ');
                    Expression(@case.Operand);
                }
                foreach (var (when, then) in @case.Branches)
                {
                    _sql.Append(" WHEN ");
                    Expression(when);
                    _sql.Append(" THEN ");
                    Expression(then);
                }
                if (@case.Else is not null)
                {
                    _sql.Append(" ELSE ");
                    Expression(@case.Else);
                }
                _sql.Append(" END");
                break;
            case CastExpression cast:
                _sql.Append("CAST(");
                Expression(cast.Operand);
                _sql.Append(" AS ").Append(cast.TypeName).Append(')');
                break;
            case SubqueryExpression subquery:
                _sql.Append('(');
                Query(subquery.Query, nested: true);
                _sql.Append(')');
                break;
            case ExistsExpression exists:
                _sql.Append("EXISTS (");
                Query(exists.Query, nested: true);
                _sql.Append(')');
                break;
            case ParenthesizedExpression parenthesized:
                _sql.Append('(');
                Expression(parenthesized.Inner);
                _sql.Append(')');
                break;
            default:
                throw new ArgumentException($"Cannot print expression node {expression.GetType().Name}.", nameof(expression));
        }
    }

    /// <summary>
    /// The target's spelling of a function. A function some dialect knows but the target lacks (SQLite's strftime in
    /// T-SQL), or with an argument count the target refuses, has no faithful translation: say so instead of printing
    /// SQL the target rejects. Unknown names (Grammar mode) pass through as written.
    /// </summary>
    private string FunctionName(FunctionExpression function)
    {
        var name = dialect.FunctionName(function.Name);
        if (_sameDialect)
            return name;
        // A reserved word cannot be called, and a quoted name is not a function. TOP is contextual in T-SQL, but right
        // after SELECT, PostgreSQL's call top(x) would read as a row limit.
        if (dialect.KeywordTable.TryGet(name, out var keyword) && (keyword == Kw.Top || !Keywords.IsContextual(keyword)))
            throw new NotSupportedException($"The function {function.Name}() is named by a {dialect.Name} keyword and cannot be called there.");
        var target = dialect.FindFunction(name);
        if (target is null)
        {
            if (SqlDialect.All.Any(d => d.FindFunction(function.Name) is not null))
                throw new NotSupportedException($"The function {function.Name}() has no {dialect.Name} equivalent.");
            return name;
        }
        var args = function.IsStar ? 1 : Math.Max(function.Arguments.Count, name.Equals("count", StringComparison.OrdinalIgnoreCase) ? 1 : 0);
        if (args < target.MinArgs || args > target.MaxArgs)
            throw new NotSupportedException($"{dialect.Name} has no {name}() with {function.Arguments.Count} arguments.");
        return name;
    }

    private string Operator(string op) => op switch
    {
        "==" => "=",
        "!=" when dialect.UsesTop => "<>",
        "||" when !dialect.HasConcatOperator => "+",
        _ => op,
    };
}
