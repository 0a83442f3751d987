using System.Globalization;
using System.Text.Json;
using NlQuery.Execution;
using Spectre.Console;

namespace NlQuery.Cli.Output;

/// <summary>Prints a <see cref="ResultTable"/> as a console table, a JSON value, or RFC 4180 CSV.</summary>
internal static class ResultWriter
{
    public static void WriteTable(IAnsiConsole console, ResultTable result)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in result.Columns)
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        foreach (var row in result.Rows)
            table.AddRow(row.Select(v => (Spectre.Console.Rendering.IRenderable)new Spectre.Console.Text(Display(v))).ToArray());
        console.Write(table);
        var count = result.Rows.Count == 1 ? "1 row" : $"{result.Rows.Count} rows";
        console.MarkupLine(result.IsTruncated ? $"[yellow]{count} (row cap reached; more exist)[/]" : $"[grey]{count}[/]");
    }

    /// <summary>Columns and rows as JSON properties <c>"columns"</c> and <c>"rows"</c> of an object being written.</summary>
    public static void WriteJsonProperties(Utf8JsonWriter json, ResultTable result, bool includeTruncated = true)
    {
        json.WriteStartArray("columns");
        foreach (var column in result.Columns)
            json.WriteStringValue(column);
        json.WriteEndArray();
        json.WriteStartArray("rows");
        foreach (var row in result.Rows)
        {
            json.WriteStartArray();
            foreach (var value in row)
                WriteJsonValue(json, value);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        if (includeTruncated)
            json.WriteBoolean("truncated", result.IsTruncated);
    }

    public static void WriteCsv(TextWriter output, ResultTable result)
    {
        output.WriteLine(string.Join(',', result.Columns.Select(Csv)));
        foreach (var row in result.Rows)
            output.WriteLine(string.Join(',', row.Select(v => v is null ? "" : Csv(Display(v)))));
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case long l: json.WriteNumberValue(l); break;
            case int i: json.WriteNumberValue(i); break;
            case short s: json.WriteNumberValue(s); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case decimal m: json.WriteNumberValue(m); break;
            case bool b: json.WriteBooleanValue(b); break;
            case byte[] bytes: json.WriteBase64StringValue(bytes); break;
            default: json.WriteStringValue(Display(value)); break;
        }
    }

    private static string Display(object? value) => value switch
    {
        null => "NULL",
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Csv(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
}
