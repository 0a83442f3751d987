using System.Text;
using NlQuery.Schema;

namespace NlQuery.Tests.Sql;

/// <summary>
/// Random SELECT statements over a schema, right and wrong on purpose (columns of other tables, aggregates in odd
/// places, subqueries with several columns, compound selects, ordinals): a soundness probe beyond the gold's shapes.
/// </summary>
internal static class RandomQueryGenerator
{
    public static string Query(DatabaseSchema s, Random r, int depth = 0)
    {
        var sb = new StringBuilder();
        var tables = s.Tables;
        var t1 = tables[r.Next(tables.Count)];
        var t2 = tables[r.Next(tables.Count)];
        bool join = r.Next(3) == 0;
        string a1 = r.Next(2) == 0 ? "T1" : t1.Name, a2 = "T2";
        string Col(bool qualified = true)
        {
            var useT2 = join && r.Next(2) == 0;
            var t = useT2 ? t2 : t1;
            if (r.Next(12) == 0) t = tables[r.Next(tables.Count)]; // maybe wrong table
            var c = t.Columns[r.Next(t.Columns.Count)].Name;
            if (c.Contains(' ')) c = "\"" + c + "\"";
            return qualified && r.Next(3) > 0 ? (useT2 ? a2 : a1) + "." + c : c;
        }
        string Expr(int d)
        {
            switch (r.Next(d > 2 ? 3 : 14))
            {
                case 0: return Col();
                case 1: return r.Next(100).ToString();
                case 2: return "'v" + r.Next(5) + "'";
                case 3: return Expr(d + 1) + " " + new[] { "+", "-", "*", "/", "||", "%" }[r.Next(6)] + " " + Expr(d + 1);
                case 4: return new[] { "count", "sum", "avg", "min", "max", "lower", "upper", "length", "abs", "round", "coalesce", "substr", "ifnull", "typeof" }[r.Next(14)] + "(" + (r.Next(6) == 0 ? "DISTINCT " : "") + string.Join(", ", Enumerable.Range(0, r.Next(1, 4)).Select(_ => Expr(d + 1))) + ")";
                case 5: return "count(*)";
                case 6: return "CASE WHEN " + Cond(d + 1) + " THEN " + Expr(d + 1) + (r.Next(2) == 0 ? " ELSE " + Expr(d + 1) : "") + " END";
                case 7: return "CAST(" + Expr(d + 1) + " AS " + new[] { "INT", "TEXT", "REAL" }[r.Next(3)] + ")";
                case 8: return "(" + Query(s, r, depth + 1) + ")";
                case 9: return "(" + Expr(d + 1) + ")";
                case 10: return "-" + Expr(d + 1);
                case 11: return "NULL";
                case 12: return "\"v" + r.Next(3) + "\"";
                default: return Col(false);
            }
        }
        string Cond(int d)
        {
            switch (r.Next(d > 2 ? 2 : 9))
            {
                case 0: return Expr(d + 1) + " " + new[] { "=", "!=", "<", ">=", "<>", "==" }[r.Next(6)] + " " + Expr(d + 1);
                case 1: return Expr(d + 1) + " IS " + (r.Next(2) == 0 ? "NOT " : "") + "NULL";
                case 2: return Cond(d + 1) + (r.Next(2) == 0 ? " AND " : " OR ") + Cond(d + 1);
                case 3: return "NOT " + Cond(d + 1);
                case 4: return Expr(d + 1) + (r.Next(2) == 0 ? " NOT" : "") + " IN (" + (r.Next(2) == 0 && depth < 2 ? Query(s, r, depth + 1) : string.Join(", ", Enumerable.Range(0, r.Next(1, 3)).Select(_ => Expr(d + 1)))) + ")";
                case 5: return Expr(d + 1) + " BETWEEN " + Expr(d + 1) + " AND " + Expr(d + 1);
                case 6: return Expr(d + 1) + " LIKE '%a%'";
                case 7: return depth < 2 ? "EXISTS (" + Query(s, r, depth + 1) + ")" : "1";
                default: return Expr(d + 1) + " > " + Expr(d + 1);
            }
        }
        sb.Append("SELECT ");
        if (r.Next(5) == 0) sb.Append("DISTINCT ");
        var n = r.Next(1, 4);
        var items = new List<string>();
        for (int i = 0; i < n; i++)
        {
            if (r.Next(10) == 0) { items.Add(r.Next(2) == 0 ? "*" : a1 + ".*"); continue; }
            var e = depth < 2 ? Expr(1) : Col();
            if (r.Next(4) == 0) e += " AS x" + i;
            items.Add(e);
        }
        sb.Append(string.Join(", ", items));
        if (r.Next(12) != 0)
        {
            sb.Append(" FROM ").Append(t1.Name);
            if (a1 == "T1") sb.Append(" AS T1");
            if (join) { sb.Append(r.Next(2) == 0 ? " JOIN " : " LEFT JOIN ").Append(t2.Name).Append(" AS T2"); if (r.Next(4) > 0) sb.Append(" ON ").Append(Cond(2)); }
        }
        if (r.Next(2) == 0) sb.Append(" WHERE ").Append(depth < 2 ? Cond(1) : Cond(3));
        if (r.Next(4) == 0) { sb.Append(" GROUP BY ").Append(r.Next(5) == 0 ? (r.Next(1, 4)).ToString() : r.Next(6) == 0 ? "x0" : Col()); if (r.Next(2) == 0) sb.Append(" HAVING ").Append(r.Next(2) == 0 ? "count(*) > 1" : Cond(2)); }
        else if (r.Next(10) == 0) sb.Append(" HAVING ").Append(Cond(2));
        if (depth == 0 && r.Next(6) == 0) { sb.Append(new[] { " UNION ", " INTERSECT ", " EXCEPT ", " UNION ALL " }[r.Next(4)]).Append(Query(s, r, 2)); }
        if (r.Next(3) == 0) { sb.Append(" ORDER BY ").Append(r.Next(4) switch { 0 => r.Next(0, 4).ToString(), 1 => "x0", 2 => "count(*)", _ => Col() }); if (r.Next(2) == 0) sb.Append(" DESC"); }
        if (r.Next(4) == 0) sb.Append(" LIMIT ").Append(r.Next(1, 5));
        return sb.ToString();
    }
}
