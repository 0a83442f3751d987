using System.Text.Json.Nodes;
using static NlQuery.Training.Evaluation.SpiderJson;

namespace NlQuery.Training.Evaluation;

/// <summary>
/// Spider's exact-set-match (evaluation.py, Evaluator.eval_exact_match): both structures are normalised — values are
/// dropped (DISABLE_VALUE), DISTINCT flags are dropped (DISABLE_DISTINCT), and columns of the FROM tables that are in a
/// foreign key stand for their key group (rebuild_sql_col with the foreign-key map) — then every component must match
/// as a set: select, select without aggregates, where, where without operators, group by (column names),
/// group by with having, order by with limit presence, and/or, the nested intersect/union/except queries (recursively)
/// and the keywords; finally the FROM table units must be equal as multisets.
/// </summary>
public static class ExactSetMatch
{
    private const int In = 8;
    private const int LikeOp = 9;

    public static readonly IReadOnlyList<string> ComponentNames =
        ["select", "select(no AGG)", "where", "where(no OP)", "group(no Having)", "group", "order", "and/or", "IUEN", "keywords"];

    /// <summary>Compares a predicted structure with the gold one of the same database.</summary>
    public static ExactSetMatchResult Evaluate(SpiderSql predicted, SpiderSql gold, SpiderDatabaseInfo database, ForeignKeyMap foreignKeys)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(foreignKeys);
        var p = Normalise(predicted.Node, database, foreignKeys);
        var g = Normalise(gold.Node, database, foreignKeys);
        var components = PartialMatch(p, g, database);
        return new ExactSetMatchResult(ExactMatch(p, g, components, database), components);
    }

    internal static JsonObject Normalise(JsonObject sql, SpiderDatabaseInfo database, ForeignKeyMap foreignKeys)
    {
        var copy = (JsonObject)sql.DeepClone();
        DropValues(copy);
        var tables = ((JsonArray)copy["from"]!["table_units"]!).Where(u => Str(u![0]) == "table_unit").Select(u => Int(u![1])).ToHashSet();
        var valid = Enumerable.Range(0, database.Columns.Count).Where(i => tables.Contains(database.Columns[i].Table)).ToHashSet();
        RebuildColumns(copy, valid, foreignKeys);
        return copy;
    }

    // rebuild_sql_val: a value that is not a nested query becomes None; nested queries lose their values too.
    private static void DropValues(JsonObject? sql)
    {
        if (sql is null)
            return;
        foreach (var condition in new[] { (JsonArray)sql["from"]!["conds"]!, (JsonArray)sql["having"]!, (JsonArray)sql["where"]! })
            foreach (var unit in Every2(condition, 0).Cast<JsonArray>())
                for (var v = 3; v <= 4; v++)
                {
                    if (unit[v] is JsonObject nested)
                        DropValues(nested);
                    else
                        unit[v] = null;
                }
        foreach (var op in SetOperations)
            DropValues(sql[op] as JsonObject);
    }

    // rebuild_sql_col: only the outer clauses and the set-operation queries (which reuse the outer FROM's columns);
    // queries nested in conditions or FROM keep their columns and DISTINCT flags, as in Spider.
    private static void RebuildColumns(JsonObject? sql, HashSet<int> valid, ForeignKeyMap keys)
    {
        if (sql is null)
            return;
        var select = (JsonArray)sql["select"]!;
        select[0] = null;
        foreach (var item in (JsonArray)select[1]!)
            RebuildValUnit((JsonArray)item![1]!, valid, keys);
        foreach (var condition in new[] { (JsonArray)sql["from"]!["conds"]!, (JsonArray)sql["where"]!, (JsonArray)sql["having"]! })
            foreach (var unit in Every2(condition, 0).Cast<JsonArray>())
                RebuildValUnit((JsonArray)unit[2]!, valid, keys);
        foreach (var column in (JsonArray)sql["groupBy"]!)
            RebuildColUnit((JsonArray)column!, valid, keys);
        var orderBy = (JsonArray)sql["orderBy"]!;
        if (orderBy.Count > 0)
            foreach (var unit in (JsonArray)orderBy[1]!)
                RebuildValUnit((JsonArray)unit!, valid, keys);
        foreach (var op in SetOperations)
            RebuildColumns(sql[op] as JsonObject, valid, keys);
    }

    private static void RebuildValUnit(JsonArray valUnit, HashSet<int> valid, ForeignKeyMap keys)
    {
        if (valUnit[1] is JsonArray first)
            RebuildColUnit(first, valid, keys);
        if (valUnit[2] is JsonArray second)
            RebuildColUnit(second, valid, keys);
    }

    private static void RebuildColUnit(JsonArray colUnit, HashSet<int> valid, ForeignKeyMap keys)
    {
        var column = Int(colUnit[1]);
        if (valid.Contains(column) && keys.Map(column) is { } mapped)
            colUnit[1] = mapped;
        colUnit[2] = null;
    }

    private static readonly string[] SetOperations = ["intersect", "union", "except"];

    internal static bool ExactMatch(JsonObject p, JsonObject g, IReadOnlyDictionary<string, ComponentScore> components, SpiderDatabaseInfo database)
    {
        if (components.Values.Any(c => !c.IsMatch))
            return false;
        var goldTables = (JsonArray)g["from"]!["table_units"]!;
        return goldTables.Count == 0 || SameMultiset(goldTables, (JsonArray)p["from"]!["table_units"]!);
    }

    internal static Dictionary<string, ComponentScore> PartialMatch(JsonObject p, JsonObject g, SpiderDatabaseInfo database)
    {
        var pSelect = (JsonArray)p["select"]![1]!;
        var gSelect = (JsonArray)g["select"]![1]!;
        var pWhere = Every2((JsonArray)p["where"]!, 0).ToList();
        var gWhere = Every2((JsonArray)g["where"]!, 0).ToList();
        return new Dictionary<string, ComponentScore>
        {
            ["select"] = CountMatches(pSelect, gSelect, u => u),
            ["select(no AGG)"] = CountMatches(pSelect, gSelect, u => u![1]),
            ["where"] = CountMatches(pWhere, gWhere, u => u),
            ["where(no OP)"] = CountMatches(pWhere, gWhere, u => u![2]),
            ["group(no Having)"] = Group(p, g, database),
            ["group"] = Having(p, g),
            ["order"] = Order(p, g),
            ["and/or"] = AndOr(p, g),
            ["IUEN"] = SetOperationScores(p, g, database),
            ["keywords"] = Keywords(p, g),
        };
    }

    // eval_sel / eval_where: each predicted unit consumes one equal gold unit.
    private static ComponentScore CountMatches(IList<JsonNode?> predicted, IList<JsonNode?> gold, Func<JsonNode?, JsonNode?> key)
    {
        var remaining = gold.Select(key).ToList();
        var matched = 0;
        foreach (var unit in predicted)
        {
            var k = key(unit);
            var at = remaining.FindIndex(r => DeepEquals(r, k));
            if (at >= 0)
            {
                matched++;
                remaining.RemoveAt(at);
            }
        }
        return new ComponentScore(gold.Count, predicted.Count, matched);
    }

    // eval_group compares GROUP BY columns by column name only (the part after the table in "__table.col__").
    private static ComponentScore Group(JsonObject p, JsonObject g, SpiderDatabaseInfo database)
    {
        string Name(JsonNode? unit)
        {
            var id = Int(unit![1]);
            return id <= 0 || id >= database.Columns.Count ? "__all__" : database.Columns[id].Name.ToLowerInvariant() + "__";
        }
        var predicted = ((JsonArray)p["groupBy"]!).Select(Name).ToList();
        var remaining = ((JsonArray)g["groupBy"]!).Select(Name).ToList();
        var total = remaining.Count;
        var matched = predicted.Count(c => remaining.Remove(c));
        return new ComponentScore(total, predicted.Count, matched);
    }

    private static ComponentScore Having(JsonObject p, JsonObject g)
    {
        var pGroup = (JsonArray)p["groupBy"]!;
        var gGroup = (JsonArray)g["groupBy"]!;
        var pTotal = pGroup.Count > 0 ? 1 : 0;
        var gTotal = gGroup.Count > 0 ? 1 : 0;
        var sameColumns = pGroup.Count == gGroup.Count
            && pGroup.Zip(gGroup).All(x => DeepEquals(x.First![1], x.Second![1]));
        var matched = pTotal == 1 && gTotal == 1 && sameColumns && DeepEquals(p["having"], g["having"]) ? 1 : 0;
        return new ComponentScore(gTotal, pTotal, matched);
    }

    private static ComponentScore Order(JsonObject p, JsonObject g)
    {
        var pOrder = (JsonArray)p["orderBy"]!;
        var gOrder = (JsonArray)g["orderBy"]!;
        var pTotal = pOrder.Count > 0 ? 1 : 0;
        var gTotal = gOrder.Count > 0 ? 1 : 0;
        var sameLimitPresence = (p["limit"] is null) == (g["limit"] is null);
        var matched = gTotal == 1 && DeepEquals(pOrder, gOrder) && sameLimitPresence ? 1 : 0;
        return new ComponentScore(gTotal, pTotal, matched);
    }

    private static ComponentScore AndOr(JsonObject p, JsonObject g)
    {
        var pOps = Every2((JsonArray)p["where"]!, 1).Select(Str).ToHashSet();
        var gOps = Every2((JsonArray)g["where"]!, 1).Select(Str).ToHashSet();
        return pOps.SetEquals(gOps) ? new ComponentScore(1, 1, 1) : new ComponentScore(gOps.Count, pOps.Count, 0);
    }

    private static ComponentScore SetOperationScores(JsonObject p, JsonObject g, SpiderDatabaseInfo database)
    {
        int gTotal = 0, pTotal = 0, matched = 0;
        foreach (var op in SetOperations)
        {
            var pNested = p[op] as JsonObject;
            var gNested = g[op] as JsonObject;
            pTotal += pNested is null ? 0 : 1;
            gTotal += gNested is null ? 0 : 1;
            if (pNested is not null && gNested is not null)
                matched += ExactMatch(pNested, gNested, PartialMatch(pNested, gNested, database), database) ? 1 : 0;
        }
        return new ComponentScore(gTotal, pTotal, matched);
    }

    private static ComponentScore Keywords(JsonObject p, JsonObject g)
    {
        var pKeywords = KeywordsOf(p);
        var gKeywords = KeywordsOf(g);
        return new ComponentScore(gKeywords.Count, pKeywords.Count, pKeywords.Count(gKeywords.Contains));
    }

    private static HashSet<string> KeywordsOf(JsonObject sql)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (((JsonArray)sql["where"]!).Count > 0) result.Add("where");
        if (((JsonArray)sql["groupBy"]!).Count > 0) result.Add("group");
        if (((JsonArray)sql["having"]!).Count > 0) result.Add("having");
        var orderBy = (JsonArray)sql["orderBy"]!;
        if (orderBy.Count > 0)
        {
            result.Add(Str(orderBy[0])!);
            result.Add("order");
        }
        if (sql["limit"] is not null) result.Add("limit");
        foreach (var op in SetOperations)
            if (sql[op] is not null)
                result.Add(op);
        var conditions = new[] { (JsonArray)sql["from"]!["conds"]!, (JsonArray)sql["where"]!, (JsonArray)sql["having"]! };
        if (conditions.SelectMany(c => Every2(c, 1)).Any(t => Str(t) == "or")) result.Add("or");
        var units = conditions.SelectMany(c => Every2(c, 0)).Cast<JsonArray>().ToList();
        if (units.Any(u => IsTrue(u[0]))) result.Add("not");
        if (units.Any(u => Int(u[1]) == In)) result.Add("in");
        if (units.Any(u => Int(u[1]) == LikeOp)) result.Add("like");
        return result;
    }

    /// <summary>get_nestedSQL: queries nested in conditions (values) and the intersect/union/except queries.</summary>
    internal static List<JsonObject> NestedQueries(JsonObject sql)
    {
        var nested = new List<JsonObject>();
        foreach (var condition in new[] { (JsonArray)sql["from"]!["conds"]!, (JsonArray)sql["where"]!, (JsonArray)sql["having"]! })
            foreach (var unit in Every2(condition, 0).Cast<JsonArray>())
            {
                if (unit[3] is JsonObject a) nested.Add(a);
                if (unit[4] is JsonObject b) nested.Add(b);
            }
        foreach (var op in SetOperations)
            if (sql[op] is JsonObject s)
                nested.Add(s);
        return nested;
    }

    private static bool SameMultiset(JsonArray a, JsonArray b)
    {
        if (a.Count != b.Count)
            return false;
        var remaining = b.ToList();
        foreach (var item in a)
        {
            var at = remaining.FindIndex(r => DeepEquals(r, item));
            if (at < 0)
                return false;
            remaining.RemoveAt(at);
        }
        return true;
    }
}
