using System.Text.Json;
using NlQuery.Models.Pointer;

namespace NlQuery.Training.Datasets;

/// <summary>
/// Writes a pointer-format <see cref="TrainingDataset"/> as the trainer reads it (docs/pointer-model.md): per split a
/// JSONL file and the frozen encoder's pooled features as float16 rows, plus <c>pointer-metadata.json</c>. Every file
/// is written beside its final name and moved into place when complete, so an interrupted run leaves no half file.
/// </summary>
public sealed class PointerDatasetWriter(SentenceEncoder encoder, ActionVocabulary vocabulary, int tokenBudget)
{
    public const string MetadataFileName = "pointer-metadata.json";

    /// <param name="progress">Called after each example with (split, done, total).</param>
    public async Task WriteAsync(TrainingDataset dataset, string directory, Action<string, int, int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var maxPositions = 0;
        var maxActions = 0;
        foreach (var (split, examples) in new[] { ("train", dataset.Train), ("heldout", dataset.HeldOut) })
        {
            var jsonl = Path.Combine(directory, split + ".jsonl");
            var features = Path.Combine(directory, split + ".features.f16");
            await using (var lines = new StreamWriter(jsonl + ".tmp"))
            await using (var rows = new FileStream(features + ".tmp", FileMode.Create, FileAccess.Write))
            {
                long offset = 0;
                var buffer = new byte[encoder.Hidden * 2];
                for (var i = 0; i < examples.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var line = JsonSerializer.Deserialize<PointerExampleLine>(examples[i].Input, PointerExampleLine.JsonOptions)
                        ?? throw new InvalidDataException($"Example {i} of {split} is not a pointer-format example.");
                    var pooled = encoder.Encode(line.InputIds, line.Spans.Select(s => (s[0], s[1])).ToList(), cancellationToken);
                    for (var p = 0; p < line.Kinds.Count; p++)
                    {
                        for (var k = 0; k < encoder.Hidden; k++)
                            BitConverter.TryWriteBytes(buffer.AsSpan(2 * k), (Half)pooled[p * encoder.Hidden + k]);
                        await rows.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                    }
                    line.Id = i;
                    line.Source = examples[i].Source;
                    line.FeatureOffset = offset;
                    offset += line.Kinds.Count;
                    maxPositions = Math.Max(maxPositions, line.Kinds.Count);
                    maxActions = Math.Max(maxActions, line.Target.Count);
                    await lines.WriteLineAsync(JsonSerializer.Serialize(line, PointerExampleLine.JsonOptions)).ConfigureAwait(false);
                    progress?.Invoke(split, i + 1, examples.Count);
                }
            }
            File.Move(jsonl + ".tmp", jsonl, overwrite: true);
            File.Move(features + ".tmp", features, overwrite: true);
        }
        var metadata = new Dictionary<string, object>
        {
            ["format"] = "pointer-minilm",
            ["vocab"] = vocabulary.Entries,
            ["num_kinds"] = PositionKinds.Count,
            ["num_relations"] = PointerRelations.Count,
            ["feature_dim"] = encoder.Hidden,
            ["encoder"] = EncoderFiles.MiniLmPackage,
            ["token_budget"] = tokenBudget,
            ["max_positions"] = maxPositions,
            ["max_actions"] = maxActions,
            ["files"] = new Dictionary<string, string> { ["train"] = "train.jsonl", ["heldout"] = "heldout.jsonl" },
            ["counts"] = new Dictionary<string, int> { ["train"] = dataset.Train.Count, ["heldout"] = dataset.HeldOut.Count, ["dropped"] = dataset.Dropped.Count },
        };
        var path = Path.Combine(directory, MetadataFileName);
        await File.WriteAllTextAsync(path + ".tmp", JsonSerializer.Serialize(metadata, new JsonSerializerOptions { WriteIndented = true }), cancellationToken).ConfigureAwait(false);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
