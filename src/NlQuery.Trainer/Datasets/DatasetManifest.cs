using System.Text.Json.Nodes;

namespace NlQuery.Training.Datasets;

/// <summary>
/// What a dataset build wrote: the files with their hashes, examples per source, the held-out databases, the dropped
/// examples (count, by reason and a few of them) and the notes. <see cref="ToJson"/> is the manifest file's content.
/// </summary>
public sealed class DatasetManifest
{
    /// <summary>How many dropped examples the manifest lists in full.</summary>
    public const int DroppedExamplesListed = 20;

    public DatasetManifest(DatasetFileInfo train, DatasetFileInfo heldOut, TrainingDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Train = train;
        HeldOut = heldOut;
        Dataset = dataset;
    }

    public DatasetFileInfo Train { get; }

    public DatasetFileInfo HeldOut { get; }

    public TrainingDataset Dataset { get; }

    public JsonObject ToJson()
    {
        var dropped = Dataset.Dropped;
        return new JsonObject
        {
            ["format"] = "nlquery-training-set/1",
            ["train"] = File(Train, TrainingDataset.CountBySource(Dataset.Train)),
            ["held_out"] = File(HeldOut, TrainingDataset.CountBySource(Dataset.HeldOut)),
            ["held_out_databases"] = new JsonArray(Dataset.HeldOutDatabases.Order(StringComparer.Ordinal).Select(d => (JsonNode?)d).ToArray()),
            ["dropped"] = new JsonObject
            {
                ["count"] = dropped.Count,
                ["by_source"] = Counts(TrainingDataset.CountBySourceOfDropped(dropped)),
                ["by_reason"] = Counts(Dataset.DroppedByReason()),
                ["examples"] = new JsonArray(dropped.Take(DroppedExamplesListed).Select(d => (JsonNode?)new JsonObject
                {
                    ["source"] = d.Source, ["db_id"] = d.DbId, ["question"] = d.Question, ["sql"] = d.Sql, ["reason"] = d.Reason,
                }).ToArray()),
            },
            ["notes"] = new JsonArray(Dataset.Notes.Select(n => (JsonNode?)n).ToArray()),
        };
    }

    private static JsonObject File(DatasetFileInfo file, IReadOnlyDictionary<string, int> bySource) => new()
    {
        ["file"] = Path.GetFileName(file.Path),
        ["examples"] = file.Examples,
        ["sha256"] = file.Sha256,
        ["by_source"] = Counts(bySource),
    };

    private static JsonObject Counts(IEnumerable<KeyValuePair<string, int>> counts)
    {
        var json = new JsonObject();
        foreach (var (key, value) in counts)
            json[key] = value;
        return json;
    }
}
