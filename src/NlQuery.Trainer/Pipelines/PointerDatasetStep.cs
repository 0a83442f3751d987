using System.Diagnostics;
using NlQuery.Models.Pointer;
using NlQuery.Text;
using NlQuery.Training.Datasets;

namespace NlQuery.Training.Pipelines;

/// <summary>
/// The pointer pipeline's first step: builds the dataset in the pointer format (summariser selection, linking
/// relations, target actions) and writes it with the frozen MiniLM's pooled features, which CPU training reads
/// instead of running the encoder.
/// </summary>
public static class PointerDatasetStep
{
    /// <returns>The dataset that was written (its dropped examples say why).</returns>
    public static async Task<TrainingDataset> RunAsync(DatasetBuilderOptions options, string directory, int tokenBudget = PointerInputBuilder.DefaultMaxTokens,
        Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var encoderDirectory = EncoderFiles.MiniLmDirectory();
        var tokenizer = WordPieceTokenizer.Load(Path.Combine(encoderDirectory, "vocab.txt"));
        var format = new PointerExampleFormat(new PointerInputBuilder(tokenizer, tokenBudget), ActionVocabulary.Default);
        var watch = Stopwatch.StartNew();
        var dataset = await new DatasetBuilder(options, format).BuildAsync(cancellationToken).ConfigureAwait(false);
        log?.Invoke($"dataset: {dataset.Train.Count} training, {dataset.HeldOut.Count} held-out examples, {dataset.Dropped.Count} dropped ({watch.Elapsed.TotalSeconds:F0} s)");

        using var environment = new OnnxRuntime.OnnxRuntimeEnvironment();
        using var encoder = new SentenceEncoder(environment.CreateSession(Path.Combine(encoderDirectory, "model.onnx")));
        var writer = new PointerDatasetWriter(encoder, ActionVocabulary.Default, tokenBudget);
        var lastReport = Stopwatch.StartNew();
        await writer.WriteAsync(dataset, directory, (split, done, total) =>
        {
            if (done == total || lastReport.Elapsed.TotalSeconds >= 30)
            {
                lastReport.Restart();
                log?.Invoke($"features {split}: {done}/{total} ({watch.Elapsed.TotalSeconds:F0} s)");
            }
        }, cancellationToken).ConfigureAwait(false);
        return dataset;
    }
}
