using System.Diagnostics;
using NlQuery.Sql;
using Xunit.Abstractions;

namespace NlQuery.Tests.Sql;

/// <summary>
/// Completeness and soundness of <see cref="SqlParser"/> in Guards mode over Spider's 9,693 gold queries and
/// seeded mutations of them, with SQLite (EXPLAIN on the real database, read-only) as the judge.
/// </summary>
public sealed class SqlParserSpiderTests(ITestOutputHelper output)
{
    /// <summary>
    /// Gold queries the parser rejects, each because SQLite itself refuses it (checked below) — errors in the gold data.
    /// Keyed by the query text, with the reason.
    /// </summary>
    private static readonly Dictionary<string, string> KnownGoldErrors = new()
    {
        ["SELECT T1.company_name FROM Third_Party_Companies AS T1 JOIN Maintenance_Contracts AS T2 ON T1.company_id  =  T2.maintenance_contract_company_id JOIN Ref_Company_Types AS T3 ON T1.company_type_code  =  T3.company_type_code ORDER BY T2.contract_end_date DESC LIMIT 1"]
            = "assets_maintenance has no table Ref_Company_Types (SQLite: no such table)",
        ["SELECT document_name FROM documents GROUP BY document_type_code ORDER BY count(*) DESC LIMIT 3 INTERSECT SELECT document_name FROM documents GROUP BY document_structure_code ORDER BY count(*) DESC LIMIT 3"]
            = "ORDER BY/LIMIT inside the left side of INTERSECT (SQLite: ORDER BY clause should come after INTERSECT not before)",
    };

    [SharedDataFact]
    public void EveryGoldQueryAndEveryPrefixOfItIsAcceptedUnlessSqliteRejectsIt()
    {
        var watch = Stopwatch.StartNew();
        using var gold = new SpiderGold();
        int accepted = 0, knownErrors = 0;
        var failures = new List<string>();
        foreach (var query in gold.Queries)
        {
            var database = gold[query.DbId];
            var whole = database.Parser.Parse(query.Sql);
            if (whole.Status != ParseStatus.Complete)
            {
                if (KnownGoldErrors.ContainsKey(query.Sql) && database.Connection is not null && database.Explain(query.Sql) is not null)
                    knownErrors++;
                else
                    failures.Add($"{query.Where} [{query.DbId}] {whole} at {whole.ErrorOffset}: {query.Sql}");
                continue;
            }
            // Every prefix, one character at a time, through the incremental path.
            var state = database.Parser.Start;
            for (var i = 0; i < query.Sql.Length && state is not null; i++)
            {
                var step = state.Extend(query.Sql.AsSpan(i, 1));
                if (!step.IsValid)
                {
                    failures.Add($"{query.Where} [{query.DbId}] prefix of {i + 1} chars: {step} at {step.ErrorOffset}: {query.Sql}");
                    state = null;
                }
                else
                    state = step.State;
            }
            if (state is null)
                continue;
            if (!state.IsComplete || state.Length != query.Sql.Length)
            {
                failures.Add($"{query.Where} [{query.DbId}] char-by-char parse did not end complete: {query.Sql}");
                continue;
            }
            accepted++;
        }
        output.WriteLine($"gold queries: {gold.Queries.Count}, accepted with every prefix: {accepted}, known gold errors: {knownErrors}, time: {watch.Elapsed}");
        Assert.True(failures.Count == 0, $"{failures.Count} gold queries rejected:\n" + string.Join("\n", failures.Take(30)));
        Assert.Equal(gold.Queries.Count, accepted + knownErrors);
    }

    [SharedDataFact]
    public void GoldQueriesAcceptedInRandomChunksMatchTheWholeParse()
    {
        using var gold = new SpiderGold();
        var random = new Random(7);
        var mismatches = new List<string>();
        foreach (var query in gold.Queries)
        {
            var database = gold[query.DbId];
            var expected = database.Parser.Parse(query.Sql).Status;
            var state = database.Parser.Start;
            var status = ParseStatus.Partial;
            for (var i = 0; i < query.Sql.Length && status != ParseStatus.Invalid;)
            {
                var n = Math.Min(random.Next(1, 9), query.Sql.Length - i);
                var step = state.Extend(query.Sql.AsSpan(i, n));
                status = step.Status;
                if (step.IsValid)
                    state = step.State!;
                i += n;
            }
            if (status != expected)
                mismatches.Add($"{query.Where}: chunks {status}, whole {expected}: {query.Sql}");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(20)));
    }

    [SharedDataFact]
    public void EveryAcceptedGoldQueryAndMutantCompilesInSqlite()
    {
        const int MutantsPerQuery = 20;
        var watch = Stopwatch.StartNew();
        using var gold = new SpiderGold();
        var random = new Random(20211107);
        int goldChecked = 0, generated = 0, accepted = 0;
        var unsound = new List<string>();
        foreach (var query in gold.Queries)
        {
            var database = gold[query.DbId];
            if (database.Connection is null)
                continue;
            if (database.Parser.Parse(query.Sql).Status == ParseStatus.Complete)
            {
                goldChecked++;
                if (database.Explain(query.Sql) is { } error)
                    unsound.Add($"gold [{query.DbId}] {error}: {query.Sql}");
            }
            foreach (var mutant in SqlMutator.Mutate(query.Sql, database.Schema, random, MutantsPerQuery))
            {
                generated++;
                if (database.Parser.Parse(mutant).Status != ParseStatus.Complete)
                    continue;
                accepted++;
                if (database.Explain(mutant) is { } error)
                    unsound.Add($"mutant [{query.DbId}] {error}: {mutant}");
            }
        }
        output.WriteLine($"gold accepted and checked by SQLite: {goldChecked}; mutants generated: {generated}, accepted: {accepted}, " +
            $"accepted but rejected by SQLite: {unsound.Count}; time: {watch.Elapsed}");
        Assert.True(generated > 150_000, $"only {generated} mutants");
        Assert.True(unsound.Count == 0, $"{unsound.Count} accepted statements do not compile in SQLite:\n" + string.Join("\n", unsound.Take(30)));
    }

    [SharedDataFact]
    public void EveryAcceptedRandomQueryCompilesInSqlite()
    {
        const int Count = 30_000;
        var watch = Stopwatch.StartNew();
        using var gold = new SpiderGold();
        var random = new Random(1234);
        var databases = gold.Queries.Select(q => q.DbId).Distinct().Where(id => gold[id].Connection is not null).ToList();
        int accepted = 0, sqliteAccepts = 0, refusedButCompiles = 0;
        var unsound = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            var database = gold[databases[random.Next(databases.Count)]];
            var sql = RandomQueryGenerator.Query(database.Schema, random);
            var error = database.Explain(sql);
            if (error is null)
                sqliteAccepts++;
            if (database.Parser.Parse(sql).Status == ParseStatus.Complete)
            {
                accepted++;
                if (error is not null)
                    unsound.Add($"[{database.Schema.Name}] {error}: {sql}");
            }
            else if (error is null)
                refusedButCompiles++;
        }
        output.WriteLine($"random queries: {Count}, compiled by SQLite: {sqliteAccepts}, accepted by the parser: {accepted}, " +
            $"accepted but rejected by SQLite: {unsound.Count}, refused though SQLite compiles them: {refusedButCompiles}; time: {watch.Elapsed}");
        Assert.True(accepted > Count / 5, $"only {accepted} accepted: the generator no longer probes much");
        Assert.True(unsound.Count == 0, $"{unsound.Count} accepted statements do not compile in SQLite:\n" + string.Join("\n", unsound.Take(30)));
    }

    [SharedDataFact]
    public void GoldQueriesPrintedAsTSqlAndPostgreSqlParseAndPrintedAsSqliteStillCompile()
    {
        using var gold = new SpiderGold();
        var failures = new List<string>();
        int printed = 0;
        foreach (var query in gold.Queries)
        {
            var database = gold[query.DbId];
            if (database.Parser.Parse(query.Sql).Status != ParseStatus.Complete)
                continue;
            var statement = database.Parser.ParseStatement(query.Sql);
            var tsql = SqlDialect.TSql.Print(statement);
            var asTSql = database.TSqlParser.Parse(tsql);
            if (asTSql.Status != ParseStatus.Complete)
                failures.Add($"T-SQL {asTSql} at {asTSql.ErrorOffset}: {tsql}   <- {query.Sql}");
            var postgres = SqlDialect.PostgreSql.Print(statement);
            var asPostgres = database.PostgreSqlParser.Parse(postgres);
            if (asPostgres.Status != ParseStatus.Complete)
                failures.Add($"PostgreSQL {asPostgres} at {asPostgres.ErrorOffset}: {postgres}   <- {query.Sql}");
            var sqlite = SqlDialect.Sqlite.Print(statement);
            if (database.Parser.Parse(sqlite).Status != ParseStatus.Complete)
                failures.Add($"SQLite reprint rejected: {sqlite}   <- {query.Sql}");
            else if (database.Connection is not null && database.Explain(sqlite) is { } error)
                failures.Add($"SQLite reprint does not compile ({error}): {sqlite}");
            printed++;
        }
        output.WriteLine($"printed {printed} gold queries in three dialects; failures: {failures.Count}");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }
}
