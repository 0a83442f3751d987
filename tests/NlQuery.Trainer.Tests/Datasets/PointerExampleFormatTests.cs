using System.Text.Json;
using NlQuery.Models.Pointer;
using NlQuery.Schema;
using NlQuery.Sql;
using NlQuery.Text;
using NlQuery.Training.Datasets;
using Xunit.Abstractions;

namespace NlQuery.Tests.Datasets;

public sealed class PointerExampleFormatTests(ITestOutputHelper output)
{
    internal static PointerExampleFormat Format() =>
        new(new PointerInputBuilder(WordPieceTokenizer.Load(Path.Combine(EncoderFiles.MiniLmDirectory(), "vocab.txt"))), ActionVocabulary.Default);

    [Fact]
    public async Task BuildsPointerLinesAndDropsWhatCannotBeWritten()
    {
        using var folder = new SyntheticSpiderFolder();
        var dataset = await new DatasetBuilder(new DatasetBuilderOptions { SpiderDirectory = folder.Spider, HeldOutFraction = 0 }, Format()).BuildAsync();
        var examples = dataset.Train.Concat(dataset.HeldOut).ToList();
        Assert.Equal(5, examples.Count);
        // "Show the colour of each product": no column colour, so no target.
        Assert.Contains(dataset.Dropped, d => d.Sql == "SELECT colour FROM product");
        foreach (var example in examples)
        {
            var line = JsonSerializer.Deserialize<PointerExampleLine>(example.Input)!;
            var n = line.Kinds.Count;
            Assert.Equal(example.Sql, line.Sql);
            Assert.Equal(n, line.Spans.Count);
            Assert.Equal(n * n, line.Relations.Count);
            Assert.InRange(line.QuestionWords, 1, n);
            Assert.Equal(101, line.InputIds[0]);
            Assert.Equal(102, line.InputIds[^1]);
            Assert.All(line.Spans, s => Assert.InRange(s[0], 1, s[1]));
            Assert.All(line.Spans, s => Assert.True(s[1] < line.InputIds.Count));
            Assert.Equal([ActionVocabulary.End], line.Target[^1]);
            Assert.Equal(line.Target.Count, line.TargetInput.Count);
            Assert.Equal(ActionVocabulary.Start, line.TargetInput[0]);
            Assert.All(line.Target.Take(line.Target.Count - 1).SelectMany(s => s), a => Assert.InRange(a, 3, ActionVocabulary.Default.Count + n - 1));
        }
        // The matched value: 'Red Lamp' is a value of product.name the question names.
        var lamp = examples.Single(e => e.Sql.Contains("Red Lamp", StringComparison.Ordinal));
        var lampLine = JsonSerializer.Deserialize<PointerExampleLine>(lamp.Input)!;
        Assert.Contains(PositionKinds.Value, lampLine.Kinds);
    }

    /// <summary>Spider dev through the training path (summariser, inputs, targets): most examples get a target, and every target parses.</summary>
    [SharedDataFact]
    public async Task MostSpiderDevExamplesGetATargetThatParses()
    {
        var spider = SharedData.SpiderDir;
        var examples = SpiderFormatReader.ReadSpiderSplit(spider, "dev");
        var catalog = new TrainingDatabaseCatalog([Path.Combine(spider, "database")], [SpiderSchemaCatalog.Load(Path.Combine(spider, "tables.json"))]);
        var format = Format();
        var built = 0;
        var reasons = new Dictionary<string, int>();
        foreach (var example in examples)
        {
            var database = await catalog.GetAsync(example.DbId);
            Assert.NotNull(database);
            var input = format.Inputs.Build(database.Summariser, example.Question, example.History, out _);
            var actions = new PointerActions(format.Vocabulary, input, SqlDialect.Sqlite);
            var target = new PointerTargetBuilder(database.Parser).TryBuild(example.Query, actions, out var reason);
            if (target is null)
            {
                var key = reason is null ? "?" : reason.Length > 40 ? reason[..40] : reason;
                reasons[key] = reasons.GetValueOrDefault(key) + 1;
                continue;
            }
            built++;
            var sql = actions.Render(target.DecoderInput.Skip(1));
            var parser = new SqlParser(SqlDialect.Sqlite, ParseMode.Guards, database.Schema);
            Assert.True(parser.Parse(sql).Status == ParseStatus.Complete, $"{example.Query} → {sql}");
        }
        var share = (double)built / examples.Count;
        output.WriteLine($"Spider dev: {built} of {examples.Count} examples get a target ({share:P1}).");
        foreach (var (reason, count) in reasons.OrderByDescending(r => r.Value).Take(12))
            output.WriteLine($"  {count,4}  {reason}");
        Assert.True(share >= 0.90, $"only {share:P1} of Spider dev gets a target");
    }
}
