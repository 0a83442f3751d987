using System.Security.Cryptography;
using System.Text.Json;
using NlQuery.Training.Datasets;

namespace NlQuery.Tests.Datasets;

public sealed class DatasetWriterTests
{
    [Fact]
    public async Task WritesJsonlHeldOutAndManifestDeterministically()
    {
        using var folder = new SyntheticSpiderFolder();
        await folder.WriteFeedbackAsync();
        var options = new DatasetBuilderOptions
        {
            SpiderDirectory = folder.Spider, FeedbackStorePath = folder.FeedbackStorePath,
            FeedbackDatabaseDirectory = folder.FeedbackDatabases, HeldOutFraction = 0.34,
        };
        var first = Path.Combine(folder.Root, "a", "train.jsonl");
        var second = Path.Combine(folder.Root, "b", "train.jsonl");
        var manifest = await DatasetWriter.WriteAsync(await new DatasetBuilder(options).BuildAsync(), first);
        await DatasetWriter.WriteAsync(await new DatasetBuilder(options).BuildAsync(), second);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(File.ReadAllBytes(DatasetWriter.HeldOutPath(first)), File.ReadAllBytes(DatasetWriter.HeldOutPath(second)));
        Assert.Equal(File.ReadAllText(DatasetWriter.ManifestPath(first)), File.ReadAllText(DatasetWriter.ManifestPath(second)));

        var lines = File.ReadAllLines(first);
        Assert.Equal(manifest.Train.Examples, lines.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(first))), manifest.Train.Sha256);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal(["input", "target", "db_id", "source"], json.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
        }

        using var written = JsonDocument.Parse(File.ReadAllText(DatasetWriter.ManifestPath(first)));
        var root = written.RootElement;
        Assert.Equal(manifest.Train.Sha256, root.GetProperty("train").GetProperty("sha256").GetString());
        Assert.Equal(1, root.GetProperty("train").GetProperty("by_source").GetProperty("feedback").GetInt32());
        Assert.Equal(2, root.GetProperty("dropped").GetProperty("count").GetInt32());
        Assert.Equal(1, root.GetProperty("held_out_databases").GetArrayLength());
        Assert.Equal(manifest.HeldOut.Examples, File.ReadAllLines(DatasetWriter.HeldOutPath(first)).Length);
        Assert.True(manifest.HeldOut.Examples > 0);
    }

    [Fact]
    public async Task AFailureMidwayLeavesTheOldFileAndNoTemporaryFile()
    {
        var directory = Path.Combine(Path.GetTempPath(), "nlq-writer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var path = Path.Combine(directory, "train.jsonl");
            File.WriteAllText(path, "old\n");
            await Assert.ThrowsAsync<InvalidOperationException>(() => DatasetWriter.WriteJsonlAsync(path, Failing()));
            Assert.Equal("old\n", File.ReadAllText(path));
            Assert.Equal([path], Directory.GetFiles(directory));

            var fresh = Path.Combine(directory, "fresh.jsonl");
            await Assert.ThrowsAsync<InvalidOperationException>(() => DatasetWriter.WriteJsonlAsync(fresh, Failing()));
            Assert.False(File.Exists(fresh));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void SiblingFilesAreNamedAfterTheTrainingFile()
    {
        Assert.Equal(Path.GetFullPath("/x/train.heldout.jsonl"), DatasetWriter.HeldOutPath("/x/train.jsonl"));
        Assert.Equal(Path.GetFullPath("/x/train.manifest.json"), DatasetWriter.ManifestPath("/x/train.jsonl"));
    }

    private static IEnumerable<TrainingExample> Failing()
    {
        yield return new TrainingExample("q | db | t : c", "db | select c from t", "db", "train_spider");
        yield return new TrainingExample("q2 | db | t : c", "db | select c from t", "db", "train_spider");
        throw new InvalidOperationException("simulated failure while writing");
    }
}
