using System.Text.Json;
using NlQuery.Linking;
using NlQuery.Schema;

namespace NlQuery.Cli.Serving;

/// <summary>The JSON of <c>/api/schema</c>: the schema questions are answered against and, for a question, what the model sees and why.</summary>
internal static class SchemaJson
{
    public static void WriteSchema(Utf8JsonWriter json, DatabaseSchema schema)
    {
        json.WriteString("database", schema.Name);
        json.WriteStartArray("tables");
        foreach (var table in schema.Tables)
        {
            json.WriteStartObject();
            json.WriteString("name", table.Name);
            json.WriteStartArray("columns");
            foreach (var column in table.Columns)
            {
                json.WriteStartObject();
                json.WriteString("name", column.Name);
                json.WriteString("type", column.DeclaredType);
                json.WriteBoolean("primary_key", column.IsPrimaryKey);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("foreign_keys");
        foreach (var key in schema.ForeignKeys)
        {
            json.WriteStartObject();
            json.WriteString("from", key.Column.ToString());
            json.WriteString("to", key.ReferencedColumn.ToString());
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>The summariser's decision as a <c>"summary"</c> member: kept tables with columns, values and reasons; dropped tables.</summary>
    public static void WriteSummary(Utf8JsonWriter json, SchemaSummary summary, string modelInput)
    {
        json.WriteStartObject("summary");
        json.WriteString("question", summary.Question);
        json.WriteStartArray("kept");
        foreach (var table in summary.KeptTables)
        {
            json.WriteStartObject();
            json.WriteString("table", table.Table.Name);
            json.WriteNumber("score", Math.Round(table.Score, 4));
            json.WriteString("why", table.Why);
            json.WriteStartArray("columns");
            foreach (var column in table.Columns.Where(c => c.Kept))
            {
                json.WriteStartObject();
                json.WriteString("name", column.Column.Name);
                if (column.Why.Length > 0)
                    json.WriteString("why", column.Why);
                if (column.Values.Count > 0)
                {
                    json.WriteStartArray("values");
                    foreach (var value in column.Values)
                        json.WriteStringValue(value);
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("dropped");
        foreach (var table in summary.Tables.Where(t => !t.Kept))
            json.WriteStringValue(table.Table.Name);
        json.WriteEndArray();
        json.WriteNumber("estimated_tokens", summary.EstimatedTokens);
        json.WriteString("model_input", modelInput);
        json.WriteEndObject();
    }
}
