using NlQuery.Feedback;
using NlQuery.Linking;
using NlQuery.Schema;
using NlQuery.Sql;

namespace NlQuery.Training.Datasets;

/// <summary>
/// Builds a training set from Spider, SParC, CoSQL and logged corrections. Inputs and targets come from the model
/// family's <see cref="ITrainingExampleFormat"/>, built as the runtime builds them (with database values matched in the
/// real database when its file is present); an example the format cannot express is dropped with its reason. The
/// order is fixed: sources in the order Spider train, Spider others, SParC, CoSQL, feedback, each in file order.
/// </summary>
public sealed class DatasetBuilder
{
    private readonly DatasetBuilderOptions _options;
    private readonly ITrainingExampleFormat _format;

    /// <param name="format">How an example becomes model input and target; T5's PICARD format when null.</param>
    public DatasetBuilder(DatasetBuilderOptions options, ITrainingExampleFormat? format = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _format = format ?? new PicardExampleFormat();
    }

    public async Task<TrainingDataset> BuildAsync(CancellationToken cancellationToken = default)
    {
        var notes = new List<string>();
        var benchmark = ReadBenchmarkExamples(notes);
        var catalog = BenchmarkCatalog();

        var kept = new List<(TrainingExample Example, bool Feedback)>();
        var dropped = new List<DroppedExample>();
        var withoutValues = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var example in benchmark)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var database = await catalog.GetAsync(example.DbId, cancellationToken).ConfigureAwait(false);
            if (database is null)
            {
                dropped.Add(new DroppedExample(example.Source, example.DbId, example.Question, example.Query,
                    $"unknown database: '{example.DbId}' has neither a database file nor a tables.json entry"));
                continue;
            }
            if (database.Values is null)
                withoutValues.Add(example.DbId);
            var built = _format.Build(database, example.Question, example.Query, example.History, example.Source, out var reason)
                is { } made ? made with { Question = example.Question, Sql = example.Query, History = example.History } : null;
            if (built is null)
                dropped.Add(new DroppedExample(example.Source, example.DbId, example.Question, example.Query, reason!));
            else
                kept.Add((built, false));
        }
        if (withoutValues.Count > 0)
            notes.Add($"no database file for {string.Join(", ", withoutValues)}: schema from tables.json, inputs without values");

        if (_options.FeedbackStorePath is not null)
            await AddFeedbackAsync(kept, dropped, notes, cancellationToken).ConfigureAwait(false);

        var heldOut = HeldOutSplit.ChooseDatabases(kept.Where(k => !k.Feedback).Select(k => k.Example.DbId), _options.HeldOutFraction, _options.Seed);
        var train = kept.Where(k => k.Feedback || !heldOut.Contains(k.Example.DbId)).Select(k => k.Example).ToList();
        var held = kept.Where(k => !k.Feedback && heldOut.Contains(k.Example.DbId)).Select(k => k.Example).ToList();
        return new TrainingDataset(train, held, dropped, heldOut, notes);
    }

    private List<TextToSqlExample> ReadBenchmarkExamples(List<string> notes)
    {
        var examples = new List<TextToSqlExample>();
        if (_options.SpiderDirectory is { } spider)
        {
            foreach (var (file, source) in new[] { ("train_spider.json", DatasetSource.SpiderTrain), ("train_others.json", DatasetSource.SpiderOthers) })
                AddSingleTurn(examples, notes, Path.Combine(spider, file), source, "Spider");
            Dev(examples, notes, Path.Combine(spider, "dev.json"), "spider/dev", conversational: false);
        }
        if (_options.SparcDirectory is { } sparc)
        {
            AddConversations(examples, notes, Path.Combine(sparc, "train.json"), DatasetSource.SparcTrain, "SParC");
            Dev(examples, notes, Path.Combine(sparc, "dev.json"), "sparc/dev", conversational: true);
        }
        if (_options.CosqlDirectory is { } cosql)
        {
            var folder = Directory.Exists(Path.Combine(cosql, "sql_state_tracking")) ? Path.Combine(cosql, "sql_state_tracking") : cosql;
            AddConversations(examples, notes, Path.Combine(folder, "cosql_train.json"), DatasetSource.CosqlTrain, "CoSQL");
            Dev(examples, notes, Path.Combine(folder, "cosql_dev.json"), "cosql/dev", conversational: true);
        }
        return examples;
    }

    private static void AddSingleTurn(List<TextToSqlExample> examples, List<string> notes, string path, string source, string dataset)
    {
        if (!File.Exists(path))
        {
            notes.Add($"{dataset}: {Path.GetFileName(path)} not found, skipped");
            return;
        }
        examples.AddRange(SpiderFormatReader.ReadSingleTurn(path).Select(e => e with { Source = source }));
    }

    private static void AddConversations(List<TextToSqlExample> examples, List<string> notes, string path, string source, string dataset)
    {
        if (!File.Exists(path))
        {
            notes.Add($"{dataset}: {Path.GetFileName(path)} not found, no {dataset} training examples");
            return;
        }
        examples.AddRange(SpiderFormatReader.ReadConversations(path).Select(e => e with { Source = source }));
    }

    private void Dev(List<TextToSqlExample> examples, List<string> notes, string path, string source, bool conversational)
    {
        if (!File.Exists(path))
            return;
        if (!_options.IncludeDevSplits)
        {
            notes.Add($"{source} ({Path.GetFileName(path)}) excluded: it is an evaluation set (IncludeDevSplits to train on it)");
            return;
        }
        var read = conversational ? SpiderFormatReader.ReadConversations(path) : SpiderFormatReader.ReadSingleTurn(path);
        examples.AddRange(read.Select(e => e with { Source = source }));
    }

    private TrainingDatabaseCatalog BenchmarkCatalog()
    {
        var directories = new List<string>();
        var schemaFiles = new List<SpiderSchemaCatalog>();
        // SParC and CoSQL use Spider's databases; every dataset's tables.json is a fallback for databases without a file.
        foreach (var folder in new[] { _options.SpiderDirectory, _options.SparcDirectory, _options.CosqlDirectory })
        {
            if (folder is null)
                continue;
            if (Directory.Exists(Path.Combine(folder, "database")))
                directories.Add(Path.Combine(folder, "database"));
            if (File.Exists(Path.Combine(folder, "tables.json")))
                schemaFiles.Add(SpiderSchemaCatalog.Load(Path.Combine(folder, "tables.json")));
        }
        if (_options.SpiderDirectory is null && (_options.SparcDirectory is not null || _options.CosqlDirectory is not null))
        {
            // The usual layout keeps spider/ beside sparc/ and cosql/.
            var sibling = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_options.SparcDirectory ?? _options.CosqlDirectory!))!, "spider", "database");
            if (Directory.Exists(sibling))
                directories.Add(sibling);
        }
        return new TrainingDatabaseCatalog(directories, schemaFiles, _options.ValueIndexOptions);
    }

    private async Task AddFeedbackAsync(List<(TrainingExample, bool)> kept, List<DroppedExample> dropped, List<string> notes,
        CancellationToken cancellationToken)
    {
        var catalog = new TrainingDatabaseCatalog(_options.FeedbackDatabaseDirectory is null ? [] : [_options.FeedbackDatabaseDirectory],
            valueOptions: _options.ValueIndexOptions);
        var used = 0;
        await using var store = FeedbackStore.OpenFile(_options.FeedbackStorePath!);
        // Rejected corrections and older duplicates out; the format's parser checks each against today's schema.
        var export = await FeedbackExport.CreateAsync(store.ReadAllAsync(cancellationToken), cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var rejected in export.Rejected)
            dropped.Add(new DroppedExample(DatasetSource.Feedback, rejected.DatabaseName, rejected.Question, rejected.Sql, rejected.Reason));
        foreach (var correction in export.Corrections)
        {
            var sql = correction.Sql;
            var database = await catalog.GetAsync(correction.DatabaseName, cancellationToken).ConfigureAwait(false);
            if (database is null)
            {
                dropped.Add(new DroppedExample(DatasetSource.Feedback, correction.DatabaseName, correction.Question, sql,
                    _options.FeedbackDatabaseDirectory is null
                        ? "feedback database unavailable: no feedback database folder given"
                        : $"feedback database unavailable: '{correction.DatabaseName}' not found in {_options.FeedbackDatabaseDirectory}"));
                continue;
            }
            var built = _format.Build(database, correction.Question, sql, [], DatasetSource.Feedback, out var reason)
                is { } made ? made with { Question = correction.Question, Sql = sql } : null;
            if (built is null)
                dropped.Add(new DroppedExample(DatasetSource.Feedback, correction.DatabaseName, correction.Question, sql, reason!));
            else
            {
                kept.Add((built, true));
                used++;
            }
        }
        if (export.NotCorrections > 0)
            notes.Add($"feedback: {export.NotCorrections} record(s) without a correction or a good rating, not training examples");
        if (export.Superseded.Count > 0)
            notes.Add($"feedback: {export.Superseded.Count} older correction(s) merged into a later one of the same question (latest wins)");
        notes.Add($"feedback: {used} example(s), always in the training part (never held out)");
    }
}
