using System.Text.Json;
using System.Text.Json.Serialization;

namespace NlQuery.Training.Datasets;

/// <summary>One line of a pointer model training file (docs/pointer-model.md, "Training files").</summary>
public sealed class PointerExampleLine
{
    internal static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    [JsonPropertyName("id")] public int? Id { get; set; }
    [JsonPropertyName("db_id")] public string DbId { get; set; } = "";
    [JsonPropertyName("question")] public string Question { get; set; } = "";
    [JsonPropertyName("sql")] public string Sql { get; set; } = "";
    [JsonPropertyName("source")] public string? Source { get; set; }
    [JsonPropertyName("input_ids")] public IReadOnlyList<int> InputIds { get; set; } = [];
    [JsonPropertyName("spans")] public IReadOnlyList<int[]> Spans { get; set; } = [];
    [JsonPropertyName("kinds")] public IReadOnlyList<int> Kinds { get; set; } = [];
    [JsonPropertyName("nq")] public int QuestionWords { get; set; }
    [JsonPropertyName("relations")] public IReadOnlyList<int> Relations { get; set; } = [];
    [JsonPropertyName("feature_offset")] public long? FeatureOffset { get; set; }
    [JsonPropertyName("target")] public IReadOnlyList<IReadOnlyList<int>> Target { get; set; } = [];
    [JsonPropertyName("target_input")] public IReadOnlyList<int> TargetInput { get; set; } = [];
}
