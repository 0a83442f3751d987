using System.Text.Json;
using NlQuery.Schema;

namespace NlQuery.Cli.Serving;

/// <summary>The JSON of <c>/api/schema</c>: the schema questions are answered against (the summary is <see cref="Output.SummaryJson"/>'s).</summary>
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
}
