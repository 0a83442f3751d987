using System.Text.Json;
using System.Text.Json.Nodes;

namespace NlQuery.Training.Evaluation;

/// <summary>
/// Spider's <c>sql</c> structure (process_sql.py), in exactly the JSON shape of the <c>sql</c> field of
/// <c>dev.json</c>/<c>train_spider.json</c>: select <c>[distinct, [[agg, val_unit], …]]</c>, from
/// <c>{table_units, conds}</c>, where/having conditions <c>[cond_unit, "and"|"or", …]</c>, groupBy col_units,
/// orderBy <c>["asc"|"desc", [val_unit, …]]</c> or <c>[]</c>, limit, and intersect/union/except (nested, right-leaning).
/// Keeping the dataset's shape means the gold field can be compared with what <see cref="SpiderSqlBuilder"/> builds,
/// and the evaluation can follow Spider's list comparisons one for one.
/// </summary>
public sealed class SpiderSql
{
    internal SpiderSql(JsonObject node) => Node = node;

    internal JsonObject Node { get; }

    /// <summary>The structure Spider's evaluation gives a prediction it cannot parse: it matches nothing.</summary>
    public static SpiderSql Empty => new(new JsonObject
    {
        ["except"] = null, ["from"] = new JsonObject { ["conds"] = new JsonArray(), ["table_units"] = new JsonArray() },
        ["groupBy"] = new JsonArray(), ["having"] = new JsonArray(), ["intersect"] = null, ["limit"] = null,
        ["orderBy"] = new JsonArray(), ["select"] = new JsonArray(false, new JsonArray()), ["union"] = null, ["where"] = new JsonArray(),
    });

    /// <summary>Reads a structure in the dataset's shape (the <c>sql</c> field of a Spider example).</summary>
    public static SpiderSql FromJson(JsonNode node) =>
        node is JsonObject o && o["select"] is JsonArray && o["from"] is JsonObject
            ? new SpiderSql((JsonObject)o.DeepClone())
            : throw new InvalidDataException("A Spider sql structure is a JSON object with 'select' and 'from'.");

    public static SpiderSql FromJson(string json) =>
        FromJson(JsonNode.Parse(json) ?? throw new InvalidDataException("A Spider sql structure cannot be null."));

    /// <summary>Structural equality as Python compares the lists: numbers by value, everything else exactly.</summary>
    public bool StructurallyEquals(SpiderSql other) => SpiderJson.DeepEquals(Node, other.Node);

    public string ToJson() => Node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    public override string ToString() => ToJson();
}
