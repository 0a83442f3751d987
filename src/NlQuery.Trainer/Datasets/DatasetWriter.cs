using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NlQuery.Training.Datasets;

/// <summary>
/// Writes a <see cref="TrainingDataset"/>: the training JSONL, the held-out JSONL (<c>name.heldout.jsonl</c>) and a
/// manifest (<c>name.manifest.json</c>), each atomically (<see cref="AtomicFile"/>). One line per example:
/// <c>{"input": …, "target": …, "db_id": …, "source": …}</c>. The manifest has no timestamp, so the same inputs give
/// byte-identical files.
/// </summary>
public static class DatasetWriter
{
    private static readonly JsonWriterOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The held-out file written beside <paramref name="trainPath"/>.</summary>
    public static string HeldOutPath(string trainPath) => Sibling(trainPath, ".heldout.jsonl");

    /// <summary>The manifest written beside <paramref name="trainPath"/>.</summary>
    public static string ManifestPath(string trainPath) => Sibling(trainPath, ".manifest.json");

    public static async Task<DatasetManifest> WriteAsync(TrainingDataset dataset, string trainPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var train = await WriteJsonlAsync(trainPath, dataset.Train, cancellationToken).ConfigureAwait(false);
        var heldOut = await WriteJsonlAsync(HeldOutPath(trainPath), dataset.HeldOut, cancellationToken).ConfigureAwait(false);
        var manifest = new DatasetManifest(train, heldOut, dataset);
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJson().ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n");
        await AtomicFile.WriteAsync(ManifestPath(trainPath), (s, ct) => s.WriteAsync(bytes, ct).AsTask(), cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    /// <summary>Writes examples as JSONL, atomically; an exception from <paramref name="examples"/> leaves nothing behind.</summary>
    public static async Task<DatasetFileInfo> WriteJsonlAsync(string path, IEnumerable<TrainingExample> examples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var count = 0;
        byte[] hash = [];
        await AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 12);
            foreach (var example in examples)
            {
                ct.ThrowIfCancellationRequested();
                buffer.ResetWrittenCount();
                using (var writer = new Utf8JsonWriter(buffer, LineOptions))
                {
                    writer.WriteStartObject();
                    writer.WriteString("input", example.Input);
                    writer.WriteString("target", example.Target);
                    writer.WriteString("db_id", example.DbId);
                    writer.WriteString("source", example.Source);
                    writer.WriteEndObject();
                }
                buffer.Write("\n"u8);
                sha.AppendData(buffer.WrittenSpan);
                await stream.WriteAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
                count++;
            }
            hash = sha.GetHashAndReset();
        }, cancellationToken).ConfigureAwait(false);
        return new DatasetFileInfo(Path.GetFullPath(path), count, Convert.ToHexStringLower(hash));
    }

    private static string Sibling(string trainPath, string suffix)
    {
        ArgumentException.ThrowIfNullOrEmpty(trainPath);
        var full = Path.GetFullPath(trainPath);
        var name = Path.GetFileName(full);
        var stem = name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? name[..^".jsonl".Length] : name;
        return Path.Combine(Path.GetDirectoryName(full)!, stem + suffix);
    }
}
