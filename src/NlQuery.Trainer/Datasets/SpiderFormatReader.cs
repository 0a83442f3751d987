using System.Text.Json;

namespace NlQuery.Training.Datasets;

/// <summary>
/// Reads Spider-format datasets: Spider's single-turn files (<c>dev.json</c>, <c>train_spider.json</c>,
/// <c>train_others.json</c>: db_id, question, query) and SParC/CoSQL's conversations (database_id, interaction[]
/// of utterance and query), in file order.
/// </summary>
public static class SpiderFormatReader
{
    /// <summary>A split of a Spider-format folder: "dev", or "train" (train_spider.json and, where present, train_others.json).</summary>
    public static IReadOnlyList<TextToSqlExample> ReadSpiderSplit(string directory, string split)
    {
        string[] files = split switch
        {
            "dev" => ["dev.json"],
            "train" => ["train_spider.json", "train_others.json"],
            _ => throw new ArgumentException($"Unknown split '{split}': use 'dev' or 'train'.", nameof(split)),
        };
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Dataset folder not found: {directory}");
        var first = Path.Combine(directory, files[0]);
        if (!File.Exists(first))
            throw new FileNotFoundException($"{directory} has no {files[0]}: it is not a Spider-format folder for split '{split}'.", first);
        var examples = new List<TextToSqlExample>();
        foreach (var file in files.Select(f => Path.Combine(directory, f)).Where(File.Exists))
            examples.AddRange(ReadSingleTurn(file));
        return examples;
    }

    /// <summary>A single-turn file: an array of objects with db_id, question and query.</summary>
    public static IReadOnlyList<TextToSqlExample> ReadSingleTurn(string path)
    {
        var source = Path.GetFileNameWithoutExtension(path);
        return Parse(path, root => root.EnumerateArray().Select((e, i) => new TextToSqlExample(
            Required(e, "db_id", path, i), Required(e, "question", path, i), Required(e, "query", path, i), [], source)).ToList());
    }

    /// <summary>A conversational file (SParC, CoSQL): each turn's history is the conversation's earlier utterances.</summary>
    public static IReadOnlyList<TextToSqlExample> ReadConversations(string path)
    {
        var source = Path.GetFileNameWithoutExtension(path);
        return Parse(path, root =>
        {
            var examples = new List<TextToSqlExample>();
            var index = 0;
            foreach (var conversation in root.EnumerateArray())
            {
                var dbId = Required(conversation, "database_id", path, index);
                var history = new List<string>();
                var turn = 0;
                foreach (var step in conversation.GetProperty("interaction").EnumerateArray())
                {
                    var utterance = Required(step, "utterance", path, index);
                    examples.Add(new TextToSqlExample(dbId, utterance, Required(step, "query", path, index), history.ToArray(), source)
                    {
                        InteractionIndex = index,
                        TurnIndex = turn++,
                    });
                    history.Add(utterance);
                }
                index++;
            }
            return examples;
        });
    }

    private static IReadOnlyList<TextToSqlExample> Parse(string path, Func<JsonElement, IReadOnlyList<TextToSqlExample>> read)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Dataset file not found: {path}", path);
        using var stream = File.OpenRead(path);
        try
        {
            using var document = JsonDocument.Parse(stream);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{path} must hold a JSON array.");
            return read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }
        catch (KeyNotFoundException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private static string Required(JsonElement element, string name, string path, int index) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"{path}: entry {index} has no string '{name}'.");
}
