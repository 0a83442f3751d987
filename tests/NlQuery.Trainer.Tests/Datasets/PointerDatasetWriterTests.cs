using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using NlQuery.Models.Pointer;
using NlQuery.Training.Datasets;

namespace NlQuery.Tests.Datasets;

public sealed class PointerDatasetWriterTests
{
    [Fact]
    public async Task WritesMetadataLinesAndFeatureRows()
    {
        using var folder = new SyntheticSpiderFolder();
        var dataset = await new DatasetBuilder(new DatasetBuilderOptions { SpiderDirectory = folder.Spider, HeldOutFraction = 0.5 },
            PointerExampleFormatTests.Format()).BuildAsync();
        Assert.NotEmpty(dataset.Train);
        using var encoder = new SentenceEncoder(new InferenceSession(Path.Combine(EncoderFiles.MiniLmDirectory(), "model.onnx")));
        var output = Path.Combine(folder.Root, "pointer-data");
        var progress = new List<(string, int, int)>();
        await new PointerDatasetWriter(encoder, ActionVocabulary.Default, 256).WriteAsync(dataset, output, (s, i, n) => progress.Add((s, i, n)));

        Assert.Empty(Directory.GetFiles(output, "*.tmp"));
        var maxPositions = 0;
        var maxActions = 0;
        foreach (var (split, examples) in new[] { ("train", dataset.Train), ("heldout", dataset.HeldOut) })
        {
            var lines = File.ReadAllLines(Path.Combine(output, split + ".jsonl"))
                .Select(l => JsonSerializer.Deserialize<PointerExampleLine>(l)!).ToList();
            Assert.Equal(examples.Count, lines.Count);
            Assert.Equal(Enumerable.Range(1, examples.Count).Select(i => (split, i, examples.Count)), progress.Where(p => p.Item1 == split));
            var features = File.ReadAllBytes(Path.Combine(output, split + ".features.f16"));
            long offset = 0;
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                Assert.Equal(i, line.Id);
                Assert.Equal(examples[i].Source, line.Source);
                Assert.Equal(offset, line.FeatureOffset);
                offset += line.Kinds.Count;
                maxPositions = Math.Max(maxPositions, line.Kinds.Count);
                maxActions = Math.Max(maxActions, line.Target.Count);

                // The rows are the encoder's pooled features of this line's ids and spans, as float16.
                var expected = encoder.Encode(line.InputIds, line.Spans.Select(s => (s[0], s[1])).ToList());
                for (var k = 0; k < expected.Length; k++)
                {
                    var stored = BitConverter.ToHalf(features, (int)(2 * (line.FeatureOffset!.Value * encoder.Hidden + k)));
                    Assert.Equal((float)(Half)expected[k], (float)stored);
                }
            }
            Assert.Equal(offset * 384 * 2, features.LongLength);
        }

        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, PointerDatasetWriter.MetadataFileName)));
        var root = metadata.RootElement;
        Assert.Equal("pointer-minilm", root.GetProperty("format").GetString());
        Assert.Equal(ActionVocabulary.Default.Entries, root.GetProperty("vocab").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(PositionKinds.Count, root.GetProperty("num_kinds").GetInt32());
        Assert.Equal(PointerRelations.Count, root.GetProperty("num_relations").GetInt32());
        Assert.Equal(384, root.GetProperty("feature_dim").GetInt32());
        Assert.Equal(256, root.GetProperty("token_budget").GetInt32());
        Assert.Equal(maxPositions, root.GetProperty("max_positions").GetInt32());
        Assert.Equal(maxActions, root.GetProperty("max_actions").GetInt32());
        Assert.Equal(dataset.Train.Count, root.GetProperty("counts").GetProperty("train").GetInt32());
        Assert.Equal(dataset.HeldOut.Count, root.GetProperty("counts").GetProperty("heldout").GetInt32());
        Assert.Equal(dataset.Dropped.Count, root.GetProperty("counts").GetProperty("dropped").GetInt32());
    }

    [Fact]
    public async Task ACancelledWriteLeavesNoFinishedFiles()
    {
        using var folder = new SyntheticSpiderFolder();
        var dataset = await new DatasetBuilder(new DatasetBuilderOptions { SpiderDirectory = folder.Spider, HeldOutFraction = 0 },
            PointerExampleFormatTests.Format()).BuildAsync();
        using var encoder = new SentenceEncoder(new InferenceSession(Path.Combine(EncoderFiles.MiniLmDirectory(), "model.onnx")));
        var output = Path.Combine(folder.Root, "pointer-data");
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new PointerDatasetWriter(encoder, ActionVocabulary.Default, 256).WriteAsync(dataset, output, (_, i, _) =>
            {
                if (i == 1)
                    cancel.Cancel();
            }, cancel.Token));
        Assert.False(File.Exists(Path.Combine(output, "train.jsonl")));
        Assert.False(File.Exists(Path.Combine(output, PointerDatasetWriter.MetadataFileName)));
    }
}
