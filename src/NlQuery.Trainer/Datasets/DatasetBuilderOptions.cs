using NlQuery.Linking;

namespace NlQuery.Training.Datasets;

/// <summary>Where a training set comes from and how it is split. Every folder is optional; at least one source is needed.</summary>
public sealed class DatasetBuilderOptions
{
    /// <summary>A Spider folder: train_spider.json, train_others.json, tables.json, database/.</summary>
    public string? SpiderDirectory { get; init; }

    /// <summary>A SParC folder: train.json (dev.json is an evaluation set), tables.json. Databases come from Spider's database/.</summary>
    public string? SparcDirectory { get; init; }

    /// <summary>A CoSQL folder: sql_state_tracking/cosql_train.json (cosql_dev.json is an evaluation set), tables.json.</summary>
    public string? CosqlDirectory { get; init; }

    /// <summary>A feedback store file (<c>FeedbackStore.OpenFile</c>); its corrected SQL becomes training examples.</summary>
    public string? FeedbackStorePath { get; init; }

    /// <summary>The folder holding the databases the feedback was given on (<c>name/name.sqlite</c>, <c>name.sqlite</c> or <c>name.db</c>).</summary>
    public string? FeedbackDatabaseDirectory { get; init; }

    /// <summary>
    /// Also train on the dev splits. Off by default: Spider, SParC and CoSQL dev are the sets the model is evaluated on,
    /// so training on them would make those numbers meaningless.
    /// </summary>
    public bool IncludeDevSplits { get; init; }

    /// <summary>The fraction of the training databases (not examples, so no database is in both) held out for promotion.</summary>
    public double HeldOutFraction { get; init; } = 0.05;

    /// <summary>Chooses the held-out databases; the same seed gives the same split.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>How database values are read for matching (default: the runtime's bounded sample).</summary>
    public ValueIndexOptions ValueIndexOptions { get; init; } = ValueIndexOptions.Default;

    internal void Validate()
    {
        if (SpiderDirectory is null && SparcDirectory is null && CosqlDirectory is null && FeedbackStorePath is null)
            throw new ArgumentException("No source given: name a Spider, SParC or CoSQL folder or a feedback store.");
        if (double.IsNaN(HeldOutFraction) || HeldOutFraction < 0 || HeldOutFraction >= 1)
            throw new ArgumentOutOfRangeException(nameof(HeldOutFraction), HeldOutFraction, "The held-out fraction must be in [0, 1).");
        foreach (var (name, directory) in new[] { ("Spider", SpiderDirectory), ("SParC", SparcDirectory), ("CoSQL", CosqlDirectory),
                     ("feedback database", FeedbackDatabaseDirectory) })
        {
            if (directory is not null && !Directory.Exists(directory))
                throw new DirectoryNotFoundException($"{name} folder not found: {directory}");
        }
        if (FeedbackStorePath is not null && !File.Exists(FeedbackStorePath))
            throw new FileNotFoundException($"Feedback store not found: {FeedbackStorePath}", FeedbackStorePath);
    }
}
