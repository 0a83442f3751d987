using System.Text.Json.Nodes;
using static NlQuery.Training.Evaluation.SpiderJson;

namespace NlQuery.Training.Evaluation;

/// <summary>
/// Spider's hardness rules (evaluation.py, eval_hardness): counts of clause components, nested queries and "other"
/// features decide the level. Reproduced with its quirks — e.g. the aggregate count over HAVING also counts the
/// "and"/"or" between conditions, and over WHERE counts negated conditions — because published numbers use them.
/// </summary>
public static class SpiderHardnessRules
{
    private const int Like = 9;

    public static SpiderHardness Classify(SpiderSql gold)
    {
        ArgumentNullException.ThrowIfNull(gold);
        var sql = gold.Node;
        var component1 = CountComponent1(sql);
        var component2 = ExactSetMatch.NestedQueries(sql).Count;
        var others = CountOthers(sql);
        if (component1 <= 1 && others == 0 && component2 == 0)
            return SpiderHardness.Easy;
        if ((others <= 2 && component1 <= 1 && component2 == 0) || (component1 <= 2 && others < 2 && component2 == 0))
            return SpiderHardness.Medium;
        if ((others > 2 && component1 <= 2 && component2 == 0) || (component1 > 2 && component1 <= 3 && others <= 2 && component2 == 0)
            || (component1 <= 1 && others == 0 && component2 <= 1))
            return SpiderHardness.Hard;
        return SpiderHardness.Extra;
    }

    private static int CountComponent1(JsonObject sql)
    {
        var count = 0;
        if (List(sql, "where").Count > 0) count++;
        if (List(sql, "groupBy").Count > 0) count++;
        if (List(sql, "orderBy").Count > 0) count++;
        if (sql["limit"] is not null) count++;
        var tableUnits = (JsonArray)sql["from"]!["table_units"]!;
        if (tableUnits.Count > 0)
            count += tableUnits.Count - 1;
        var conditions = new[] { (JsonArray)sql["from"]!["conds"]!, List(sql, "where"), List(sql, "having") };
        count += conditions.SelectMany(c => Every2(c, 1)).Count(t => Str(t) == "or");
        count += conditions.SelectMany(c => Every2(c, 0)).Count(c => Int(c![1]) == Like);
        return count;
    }

    private static int CountOthers(JsonObject sql)
    {
        var count = 0;
        var select = (JsonArray)sql["select"]![1]!;
        var aggregates = select.Count(HasAggregate) + Every2(List(sql, "where"), 0).Count(HasAggregate)
            + List(sql, "groupBy").Count(HasAggregate) + List(sql, "having").Count(HasAggregate);
        var orderBy = List(sql, "orderBy");
        if (orderBy.Count > 0)
        {
            var units = (JsonArray)orderBy[1]!;
            aggregates += units.Select(u => u![1]).Where(u => u is not null).Count(HasAggregate)
                + units.Select(u => u![2]).Where(u => u is not null).Count(HasAggregate);
        }
        if (aggregates > 1) count++;
        if (select.Count > 1) count++;
        if (List(sql, "where").Count > 1) count++;
        if (List(sql, "groupBy").Count > 1) count++;
        return count;
    }

    // Spider's has_agg is unit[0] != 0 on whatever the unit is: an aggregate id, a cond_unit's NOT flag, or the
    // first letter of "and"/"or".
    private static bool HasAggregate(JsonNode? unit) => unit switch
    {
        JsonArray a => a[0] is { } first && (Str(first) is not null || IsTrue(first) || Int(first) > 0),
        _ => Str(unit) is { Length: > 0 },
    };

    private static JsonArray List(JsonObject sql, string key) => (JsonArray)sql[key]!;
}
