using System.Text.Json;
using System.Text.Json.Nodes;

namespace NlQuery.Training.Evaluation;

/// <summary>Python-like equality over the JSON trees that hold Spider structures (1 == 1.0, lists ordered).</summary>
internal static class SpiderJson
{
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
            return a is null && b is null;
        switch (a)
        {
            case JsonArray x when b is JsonArray y:
                if (x.Count != y.Count)
                    return false;
                for (var i = 0; i < x.Count; i++)
                    if (!DeepEquals(x[i], y[i]))
                        return false;
                return true;
            case JsonObject x when b is JsonObject y:
                if (x.Count != y.Count)
                    return false;
                foreach (var (key, value) in x)
                    if (!y.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other))
                        return false;
                return true;
            case JsonValue x when b is JsonValue y:
                var kx = x.GetValueKind();
                var ky = y.GetValueKind();
                if (kx == JsonValueKind.Number && ky == JsonValueKind.Number)
                    return Number(x) == Number(y);
                if (kx is JsonValueKind.True or JsonValueKind.False && ky is JsonValueKind.True or JsonValueKind.False)
                    return kx == ky;
                return kx == ky && kx == JsonValueKind.String && x.GetValue<string>() == y.GetValue<string>();
            default:
                return false;
        }
    }

    public static bool IsNull(JsonNode? node) => node is null;

    public static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static int Int(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? (int)Number(v) : -1;

    /// <summary>A number whether the node was parsed (JsonElement inside) or created from an int or a double.</summary>
    public static double Number(JsonValue value)
    {
        if (value.TryGetValue<double>(out var d))
            return d;
        if (value.TryGetValue<int>(out var i))
            return i;
        if (value.TryGetValue<long>(out var l))
            return l;
        return value.TryGetValue<decimal>(out var m) ? (double)m : double.NaN;
    }

    public static string? Str(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Elements at even positions of a condition (the cond_units) or odd ones (the "and"/"or").</summary>
    public static IEnumerable<JsonNode?> Every2(JsonArray? list, int start)
    {
        if (list is null)
            yield break;
        for (var i = start; i < list.Count; i += 2)
            yield return list[i];
    }
}
