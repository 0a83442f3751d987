using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NlQuery.Linking;
using NlQuery.Schema;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq eval linking</c>: how often the schema summariser keeps the tables a question's gold SQL uses, and how
/// much of each database it keeps, per token budget. With <c>--merged</c> the split's databases are first merged
/// into one (tables renamed <c>db_id__table</c>, foreign keys and data kept), to see pruning where it matters.
/// </summary>
internal static class EvalLinkingCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Spider folder (dev.json, train_spider.json, database/).", Required = true };
        var split = new Option<string>("--split") { Description = "dev or train.", DefaultValueFactory = _ => "dev" };
        split.AcceptOnlyFromAmong("dev", "train");
        var merged = new Option<bool>("--merged") { Description = "Ask every question against one database merging all of the split's databases." };
        var budgets = new Option<int[]>("--budget") { Description = "Token budgets to measure (repeatable).", AllowMultipleArgumentsPerToken = true };
        var maxTables = new Option<int?>("--max-tables") { Description = "Keep at most this many tables." };
        var noFill = new Option<bool>("--no-fill") { Description = "Keep only relevant tables and their joins; do not fill the budget." };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = "Where the merged database is built (default: the system temp folder)." };
        var noValues = new Option<bool>("--no-values") { Description = "Do not build value indexes (names and foreign keys only)." };
        var tokenizer = new Option<FileInfo?>("--tokenizer") { Description = "T5's spiece.model: count the budget in real tokens and check every input against it." };
        var estimate = new Option<bool>("--estimate") { Description = "With --tokenizer: count the budget with the default estimate, and use the tokenizer only to check the inputs." };
        var misses = new Option<int>("--show-misses") { Description = "Print this many questions whose gold tables were not all kept." };
        var command = new Command("linking", "Gold-table recall and share of tables kept by the schema summariser, per budget.")
        {
            data, split, merged, budgets, maxTables, noFill, noValues, tokenizer, estimate, cache, misses,
        };
        command.SetAction((parse, ct) => CliError.RunAsync(() => RunAsync(parse.GetValue(data)!, parse.GetValue(split)!,
            parse.GetValue(merged), parse.GetValue(budgets) is { Length: > 0 } b ? b : [256, 384, 512], parse.GetValue(maxTables),
            !parse.GetValue(noFill), !parse.GetValue(noValues), parse.GetValue(tokenizer), parse.GetValue(estimate), parse.GetValue(cache), parse.GetValue(misses), ct)));
        return command;
    }

    private sealed record Example(string DbId, string Question, string[] GoldTables);

    private static async Task<int> RunAsync(DirectoryInfo data, string split, bool merged, int[] budgets, int? maxTables,
        bool fill, bool useValues, FileInfo? tokenizer, bool estimateOnly, DirectoryInfo? cache, int showMisses, CancellationToken ct)
    {
        if (!data.Exists)
            throw new CliError($"Spider folder not found: {data.FullName}");
        var catalog = SpiderSchemaCatalog.Load(Path.Combine(data.FullName, "tables.json"));
        var files = split == "dev" ? new[] { "dev.json" } : ["train_spider.json", "train_others.json"];
        var examples = new List<Example>();
        foreach (var file in files)
            examples.AddRange(ReadExamples(Path.Combine(data.FullName, file), catalog));
        var databaseDir = Path.Combine(data.FullName, "database");
        // Spider's public release lacks a few database files (wta_1 among them): their schema comes from tables.json.
        var missing = examples.Select(e => e.DbId).Distinct().Where(id => !File.Exists(Path.Combine(databaseDir, id, id + ".sqlite"))).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            Console.WriteLine($"no database file for {string.Join(", ", missing)}: schema from tables.json, no values");

        var checker = tokenizer is null ? null : await SchemaCommand.TokenCounterAsync(tokenizer, ct);
        var counter = estimateOnly ? null : checker;
        var summarisers = new Dictionary<string, SchemaSummariser>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        if (merged)
        {
            var ids = examples.Select(e => e.DbId).Distinct().Order(StringComparer.Ordinal).ToList();
            var path = await SpiderMerge.BuildAsync(databaseDir, ids, catalog, cache?.FullName ?? Path.GetTempPath(), split, ct);
            await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
            await connection.OpenAsync(ct);
            var schema = await SqliteSchemaReader.Instance.ReadAsync(connection, "spider_" + split + "_merged", ct);
            Console.WriteLine($"merged database: {path} ({schema.Tables.Count} tables, {schema.ForeignKeys.Count} foreign-key columns)");
            var summariser = new SchemaSummariser(schema, useValues ? await ValueIndex.BuildAsync(connection, schema, cancellationToken: ct) : null);
            foreach (var id in ids)
                summarisers[id] = summariser;
            examples = examples.Select(e => e with { GoldTables = e.GoldTables.Select(t => $"{e.DbId}__{t}").ToArray() }).ToList();
        }
        else
        {
            foreach (var id in examples.Select(e => e.DbId).Distinct())
            {
                var file = Path.Combine(databaseDir, id, id + ".sqlite");
                if (!File.Exists(file))
                {
                    summarisers[id] = new SchemaSummariser(catalog[id]);
                    continue;
                }
                await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
                await connection.OpenAsync(ct);
                var schema = await SqliteSchemaReader.Instance.ReadAsync(connection, id, ct);
                summarisers[id] = new SchemaSummariser(schema, useValues ? await ValueIndex.BuildAsync(connection, schema, cancellationToken: ct) : null);
            }
        }
        var indexTime = clock.Elapsed;

        Console.WriteLine($"{split}{(merged ? " merged" : "")}: {examples.Count} questions over {summarisers.Values.Distinct().Count()} database(s); " +
                          $"max tables {(maxTables?.ToString(CultureInfo.InvariantCulture) ?? "none")}, fill {(fill ? "on" : "off")}, values {(useValues ? "on" : "off")}; index built in {indexTime.TotalMilliseconds:0} ms");
        Console.WriteLine($"tokens counted by {(counter is null ? "the estimate" : tokenizer!.Name)}{(checker is null ? "" : $"; every input checked with {tokenizer!.Name}")}");
        Console.WriteLine("budget  table-recall  questions-all-gold-kept  avg-tables-kept  avg-share-kept  avg-tokens  ms/question");
        foreach (var budget in budgets)
        {
            long gold = 0, goldKept = 0, allKept = 0, tablesKept = 0, tokens = 0, overBudget = 0, maxOver = 0;
            double share = 0;
            var missed = new List<string>();
            clock.Restart();
            foreach (var example in examples)
            {
                var summariser = summarisers[example.DbId];
                var summary = summariser.Summarise(example.Question, new SchemaSummaryOptions
                {
                    TokenBudget = budget, MaxTables = maxTables, FillBudget = fill, TokenCounter = counter ?? TokenEstimate.Count,
                });
                if (checker is not null)
                {
                    // The real input, as the model gets it (with its end-of-sequence token).
                    var real = checker(summary.Serialize().Text) + 1;
                    if (real > budget)
                    {
                        overBudget++;
                        maxOver = Math.Max(maxOver, real - budget);
                    }
                }
                var kept = summary.KeptTables.Select(t => t.Table.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var hits = example.GoldTables.Count(kept.Contains);
                gold += example.GoldTables.Length;
                goldKept += hits;
                if (hits == example.GoldTables.Length)
                    allKept++;
                else if (missed.Count < showMisses)
                    missed.Add($"  [{example.DbId}] {example.Question}\n    gold: {string.Join(", ", example.GoldTables)}\n    kept: {string.Join(", ", summary.Tables.Where(t => t.Kept).Select(t => $"{t.Table.Name} {t.Score:0.##}"))}\n" +
                                string.Join("\n", example.GoldTables.Where(g => !kept.Contains(g)).Select(g => summary.Tables.First(t => t.Table.Name.Equals(g, StringComparison.OrdinalIgnoreCase))).Select(t => $"    missed {t.Table.Name} {t.Score:0.##}: {t.Why}")));
                tablesKept += kept.Count;
                share += (double)kept.Count / summariser.Schema.Tables.Count;
                tokens += summary.EstimatedTokens;
            }
            var elapsed = clock.Elapsed.TotalMilliseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{budget,6}  {100.0 * goldKept / gold,11:0.00}%  {100.0 * allKept / examples.Count,22:0.00}%  {(double)tablesKept / examples.Count,15:0.00}  {100 * share / examples.Count,13:0.0}%  {(double)tokens / examples.Count,10:0.0}  {elapsed / examples.Count,11:0.000}"));
            if (checker is not null)
                Console.WriteLine($"        real inputs over the budget: {overBudget} of {examples.Count} (by at most {maxOver} tokens)");
            foreach (var line in missed)
                Console.WriteLine(line);
        }
        return 0;
    }

    // Gold tables come from the dataset's parsed SQL where it has one (dev.json: every ["table_unit", index], subqueries
    // included), else from a scan of the SQL text for the tables after FROM and JOIN (the train files carry no parse).
    private static IEnumerable<Example> ReadExamples(string path, SpiderSchemaCatalog catalog)
    {
        if (!File.Exists(path))
            throw new CliError($"Dataset file not found: {path}");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var list = new List<Example>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var dbId = item.GetProperty("db_id").GetString()!;
            var schema = catalog[dbId];
            string[] gold;
            if (item.TryGetProperty("sql", out var parsed))
            {
                var indices = new SortedSet<int>();
                CollectTableUnits(parsed, indices);
                gold = indices.Select(i => schema.Tables[i].Name).ToArray();
            }
            else
                gold = GoldTables.FromSql(item.GetProperty("query").GetString()!, schema);
            list.Add(new Example(dbId, item.GetProperty("question").GetString()!, gold));
        }
        return list;
    }

    private static void CollectTableUnits(JsonElement element, SortedSet<int> indices)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            if (element.GetArrayLength() == 2 && element[0].ValueKind == JsonValueKind.String && element[0].GetString() == "table_unit"
                && element[1].ValueKind == JsonValueKind.Number)
            {
                indices.Add(element[1].GetInt32());
                return;
            }
            foreach (var child in element.EnumerateArray())
                CollectTableUnits(child, indices);
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
                CollectTableUnits(property.Value, indices);
        }
    }
}
