using System.Text.Json;
using System.Text.Json.Nodes;

namespace NlQuery.Training.Evaluation;

/// <summary>A question and the SQL that answers it on one database (a line of a question file, or a held-out correction).</summary>
public sealed record QuestionPair(string Question, string Sql)
{
    /// <summary>
    /// Reads a JSONL file of <c>{"question", "sql"[, "split"]}</c> lines (other keys are ignored); with
    /// <paramref name="split"/>, only the lines whose <c>split</c> is that value. Blank lines are skipped.
    /// </summary>
    /// <exception cref="InvalidDataException">A line is not such an object (the message names the line).</exception>
    public static IReadOnlyList<QuestionPair> ReadJsonl(string path, string? split = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Question file not found: {path}", path);
        var pairs = new List<QuestionPair>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            JsonObject row;
            try
            {
                row = JsonNode.Parse(line) as JsonObject ?? throw new InvalidDataException($"{path}:{number}: not a JSON object.");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{number}: not valid JSON: {e.Message}", e);
            }
            var question = Text(row, "question", path, number);
            var sql = Text(row, "sql", path, number);
            if (split is not null && (row["split"] is JsonValue value && value.TryGetValue<string>(out var lineSplit) ? lineSplit : null) != split)
                continue;
            pairs.Add(new QuestionPair(question, sql));
        }
        return pairs;
    }

    private static string Text(JsonObject row, string key, string path, int number) =>
        row[key] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text)
            ? text
            : throw new InvalidDataException($"{path}:{number}: \"{key}\" is missing or not a non-empty string.");
}
