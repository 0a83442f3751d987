using System.Diagnostics;
using NlQuery.Training.Datasets;

namespace NlQuery.Training.Pipelines;

/// <summary>
/// The T5 pipeline's first step (also <c>nlq train dataset</c>): builds the dataset in PICARD's text format, writes the
/// training JSONL, the held-out JSONL beside it and the manifest, and reports what went where and what was dropped.
/// </summary>
public static class T5DatasetStep
{
    /// <returns>The manifest of the files written (their paths, example counts and SHA-256).</returns>
    public static async Task<DatasetManifest> RunAsync(DatasetBuilderOptions options, string trainPath, Action<string>? log = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(trainPath);
        var watch = Stopwatch.StartNew();
        var dataset = await new DatasetBuilder(options).BuildAsync(cancellationToken).ConfigureAwait(false);
        var manifest = await DatasetWriter.WriteAsync(dataset, trainPath, cancellationToken).ConfigureAwait(false);
        if (log is not null)
            Report(manifest, watch.Elapsed, log);
        return manifest;
    }

    private static void Report(DatasetManifest manifest, TimeSpan elapsed, Action<string> log)
    {
        var dataset = manifest.Dataset;
        log($"dataset: {manifest.Train.Examples} training examples -> {manifest.Train.Path} (sha256 {manifest.Train.Sha256})");
        foreach (var (source, count) in TrainingDataset.CountBySource(dataset.Train))
            log($"  {source,-14} {count,7}");
        log($"held out: {manifest.HeldOut.Examples} examples from {dataset.HeldOutDatabases.Count} database(s) " +
            $"({string.Join(", ", dataset.HeldOutDatabases.Order(StringComparer.Ordinal))}) -> {manifest.HeldOut.Path}");
        log($"dropped: {dataset.Dropped.Count}");
        foreach (var (reason, count) in dataset.DroppedByReason())
            log($"  {count,7}  {reason}");
        foreach (var dropped in dataset.Dropped.Take(5))
            log($"  e.g. [{dropped.Source} {dropped.DbId}] {dropped.Sql} -- {dropped.Reason}");
        foreach (var note in dataset.Notes)
            log($"note: {note}");
        log($"manifest: {DatasetWriter.ManifestPath(manifest.Train.Path)} ({elapsed.TotalSeconds:F1} s)");
    }
}
