using NlQuery.Schema;

namespace NlQuery.Training.Datasets;

/// <summary>
/// What fine-tuning on a user's corrections takes from Spider: a fixed-seed sample of training examples to replay (so
/// the model does not forget) and the examples of the held-out databases to check that it did not. The held-out
/// databases are chosen as <see cref="DatasetBuilder"/> chooses them (<see cref="HeldOutSplit"/> over train_spider and
/// train_others with the default fraction and seed), so they are databases the shipped model never trained on.
/// </summary>
public static class SpiderReplay
{
    /// <param name="count">Replayed examples wanted (examples the format cannot express are skipped, not counted).</param>
    /// <param name="heldOutLimit">Held-out examples at most (in file order); null: all.</param>
    public static async Task<(IReadOnlyList<TrainingExample> Replay, IReadOnlyList<TrainingExample> HeldOut)> BuildAsync(string spiderDirectory,
        ITrainingExampleFormat format, int count, int seed, int? heldOutLimit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(spiderDirectory);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var examples = new List<TextToSqlExample>();
        foreach (var (file, source) in new[] { ("train_spider.json", DatasetSource.SpiderTrain), ("train_others.json", DatasetSource.SpiderOthers) })
        {
            var path = Path.Combine(spiderDirectory, file);
            if (!File.Exists(path))
                throw new FileNotFoundException($"Spider's {file} not found in {spiderDirectory}.", path);
            examples.AddRange(SpiderFormatReader.ReadSingleTurn(path).Select(e => e with { Source = source }));
        }
        var defaults = new DatasetBuilderOptions { SpiderDirectory = spiderDirectory };
        var heldOutDatabases = HeldOutSplit.ChooseDatabases(examples.Select(e => e.DbId), defaults.HeldOutFraction, defaults.Seed);
        var catalog = new TrainingDatabaseCatalog([Path.Combine(spiderDirectory, "database")], [SpiderSchemaCatalog.Load(Path.Combine(spiderDirectory, "tables.json"))]);

        var pool = examples.Where(e => !heldOutDatabases.Contains(e.DbId)).ToList();
        var random = new Random(seed);
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pool));
        var replay = await BuildSomeAsync(pool, count, catalog, format, cancellationToken).ConfigureAwait(false);
        var heldOut = await BuildSomeAsync(examples.Where(e => heldOutDatabases.Contains(e.DbId)).ToList(), heldOutLimit ?? int.MaxValue, catalog, format,
            cancellationToken).ConfigureAwait(false);
        return (replay, heldOut);
    }

    private static async Task<List<TrainingExample>> BuildSomeAsync(List<TextToSqlExample> candidates, int count, TrainingDatabaseCatalog catalog,
        ITrainingExampleFormat format, CancellationToken cancellationToken)
    {
        var built = new List<TrainingExample>();
        foreach (var example in candidates)
        {
            if (built.Count >= count)
                break;
            cancellationToken.ThrowIfCancellationRequested();
            if (await catalog.GetAsync(example.DbId, cancellationToken).ConfigureAwait(false) is not { } database)
                continue;
            if (format.Build(database, example.Question, example.Query, example.History, example.Source, out _) is { } made)
                built.Add(made with { Question = example.Question, Sql = example.Query });
        }
        return built;
    }
}
