using System.Text.Json;
using NlQuery.Linking;

namespace NlQuery.Cli.Output;

/// <summary>
/// The one JSON shape of the summariser's decision, written by <c>nlq schema --format json</c> (as the whole object) and
/// by <c>nlq serve</c>'s <c>/api/schema</c> (as its <c>"summary"</c> member): the question, every table ranked with its
/// score, whether it was kept and why, each column likewise with the stored values the question matched, the
/// estimated token count and the model input.
/// </summary>
internal static class SummaryJson
{
    /// <summary>Writes the members into the object being written.</summary>
    public static void WriteMembers(Utf8JsonWriter json, SchemaSummary summary, string input)
    {
        json.WriteString("question", summary.Question);
        json.WriteStartArray("tables");
        foreach (var table in summary.Tables)
        {
            json.WriteStartObject();
            json.WriteString("name", table.Table.Name);
            json.WriteNumber("score", Math.Round(table.Score, 4));
            json.WriteBoolean("kept", table.Kept);
            json.WriteString("why", table.Why);
            json.WriteStartArray("columns");
            foreach (var column in table.Columns)
            {
                json.WriteStartObject();
                json.WriteString("name", column.Column.Name);
                json.WriteBoolean("kept", column.Kept);
                json.WriteString("why", column.Why);
                json.WriteStartArray("values");
                foreach (var value in column.Values)
                    json.WriteStringValue(value);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("estimated_tokens", summary.EstimatedTokens);
        json.WriteString("input", input);
    }
}
