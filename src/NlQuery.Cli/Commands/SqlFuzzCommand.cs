using System.CommandLine;
using NlQuery.Cli.Fuzzing;
using NlQuery.Schema;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq sql fuzz</c>: throws random and mutated SQL at the parser in every mode and both dialects, whole and in
/// random chunks, and checks its invariants (see <see cref="SqlFuzzer"/>). Exits 1 on any exception, broken
/// invariant or hang, printing the input.
/// </summary>
internal static class SqlFuzzCommand
{
    public const int FailureExitCode = 1;

    public static Command Create()
    {
        var schema = new SqlSchemaOptions();
        var count = new Option<long>("--count")
        {
            Description = "How many inputs to generate.",
            DefaultValueFactory = _ => 1_000_000,
        };
        var seed = new Option<int?>("--seed") { Description = "Random seed, to replay a run (default: a fresh one, printed)." };
        var gold = new Option<string?>("--gold")
        {
            Description = "Spider gold SQL file (SQL<TAB>db_id per line) whose queries to mutate; built-in seeds when absent. "
                          + "With --schema alone each query is checked against its own db_id.",
            HelpName = "file",
        };
        var hangLimit = new Option<int>("--hang-limit-ms")
        {
            Description = "An input that takes longer than this counts as a hang and stops the run.",
            DefaultValueFactory = _ => 10_000,
        };
        var command = new Command("fuzz", "Fuzz the SQL parser with random and mutated inputs and check its invariants.");
        schema.AddTo(command);
        command.Add(count);
        command.Add(seed);
        command.Add(gold);
        command.Add(hangLimit);
        command.SetAction((parse, cancellationToken) => CliError.RunAsync(async () =>
        {
            var inputs = parse.GetValue(count);
            if (inputs < 0)
                throw new CliError("--count must be zero or more.");
            var limit = parse.GetValue(hangLimit);
            if (limit <= 0)
                throw new CliError("--hang-limit-ms must be positive.");
            var seeds = await LoadSeedsAsync(schema, parse, parse.GetValue(gold), cancellationToken).ConfigureAwait(false);
            var fuzzer = new SqlFuzzer(seeds, parse.GetValue(seed) ?? Random.Shared.Next());
            Console.Error.WriteLine($"nlq: fuzzing {inputs:N0} inputs from {seeds.Count:N0} seed queries, seed {fuzzer.Seed}");
            var report = fuzzer.Run(inputs, TimeSpan.FromMilliseconds(limit), cancellationToken);
            report.WriteTo(Console.Out);
            cancellationToken.ThrowIfCancellationRequested();
            return report.Passed ? 0 : FailureExitCode;
        }));
        return command;
    }

    private static async Task<IReadOnlyList<FuzzSeed>> LoadSeedsAsync(SqlSchemaOptions options, System.CommandLine.ParseResult parse,
        string? goldPath, CancellationToken cancellationToken)
    {
        var (db, schemaPath, dbId) = options.Read(parse);
        DatabaseSchema? single = null;
        SpiderSchemaCatalog? catalog = null;
        if (db is not null)
            single = await SqlSchemaOptions.ReadSqliteSchemaAsync(db, cancellationToken).ConfigureAwait(false);
        else if (schemaPath is not null)
        {
            catalog = SpiderSchemaCatalog.Load(schemaPath);
            if (dbId is not null)
                single = catalog[dbId];
        }

        if (goldPath is null)
            return single is null ? BuiltInFuzzSeeds.Seeds : BuiltInFuzzSeeds.Queries.Select(q => new FuzzSeed(q, single)).ToList();

        List<FuzzSeed> seeds;
        if (single is not null)
        {
            // The queries written for this database, if the gold file has any; otherwise all of them against it.
            seeds = FuzzSeedReader.Read(goldPath, id => string.Equals(id, single.Name, StringComparison.OrdinalIgnoreCase) ? single : null);
            if (seeds.Count == 0)
                seeds = FuzzSeedReader.Read(goldPath, _ => single);
        }
        else if (catalog is not null)
            seeds = FuzzSeedReader.Read(goldPath, id => catalog.TryGet(id, out var s) ? s : null);
        else
            throw new CliError("--gold needs the schemas its queries run against: --schema <tables.json> (each query against its own db_id), "
                               + "--schema with --db-id, or --db.");
        if (seeds.Count == 0)
            throw new CliError($"no query in {goldPath} has a schema in {schemaPath ?? db}.");
        return seeds;
    }
}
