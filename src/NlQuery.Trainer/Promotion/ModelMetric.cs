using System.Text.Json.Nodes;

namespace NlQuery.Training.Promotion;

/// <summary>
/// The score a model folder carries in <c>model.json</c>: what was measured (<see cref="Name"/>, e.g.
/// <c>heldout_loss</c>), its value, which direction is better, and the SHA-256 of the held-out file it was measured
/// on. Two metrics are comparable only when all but the value agree.
/// </summary>
public sealed record ModelMetric(string Name, double Value, bool HigherIsBetter, string HeldOutSha256)
{
    public bool IsComparableWith(ModelMetric other) =>
        Name == other.Name && HigherIsBetter == other.HigherIsBetter && HeldOutSha256 == other.HeldOutSha256;

    /// <summary>True when this metric is strictly better than <paramref name="other"/> (which must be comparable).</summary>
    public bool IsBetterThan(ModelMetric other) => HigherIsBetter ? Value > other.Value : Value < other.Value;

    public JsonObject ToJson() => new()
    {
        ["name"] = Name, ["value"] = Value, ["higher_is_better"] = HigherIsBetter, ["held_out_sha256"] = HeldOutSha256,
    };

    /// <summary>The metric in a model.json <c>metrics</c> object, or null when absent or incomplete.</summary>
    public static ModelMetric? FromJson(JsonNode? node)
    {
        if (node is not JsonObject o)
            return null;
        try
        {
            var name = o["name"]?.GetValue<string>();
            var value = o["value"]?.GetValue<double>();
            var higher = o["higher_is_better"]?.GetValue<bool>();
            var sha = o["held_out_sha256"]?.GetValue<string>();
            return name is null || value is null || higher is null || sha is null ? null : new ModelMetric(name, value.Value, higher.Value, sha);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
