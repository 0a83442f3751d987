using System.Diagnostics;
using Microsoft.Data.Sqlite;
using NlQuery.Sql;
using NlQuery.Translation;

namespace NlQuery.Benchmarks;

/// <summary>
/// End-to-end latency of one question on the <c>nlq ask</c> path, warm: <c>AskAsync</c> (summarise, encode, decode under
/// the parser, validate, run read-only) on one open connection, each question asked once to warm up and then timed
/// <c>--rounds</c> times, one at a time. Percentiles by Stopwatch (BenchmarkDotNet reports means, not a p90 per
/// question). Also the translator's own split of the time, and the parser's share of decoding.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/NlQuery.Benchmarks -- --ask-latency [--model models/default] [--db samples/shop.db]
/// [--questions bench/NlQuery.Benchmarks/ask-questions.txt] [--rounds 5]</c>
/// </remarks>
internal static class AskLatency
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Value(string name, string fallback) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        var model = Value("--model", "models/default");
        var db = Value("--db", "samples/shop.db");
        var questions = File.ReadAllLines(Value("--questions", "bench/NlQuery.Benchmarks/ask-questions.txt")).Where(l => l.Trim().Length > 0).ToList();
        var rounds = int.Parse(Value("--rounds", "5"), System.Globalization.CultureInfo.InvariantCulture);

        using var translator = ModelTranslator.Load(model);
        var engine = new NlQueryEngine(translator);
        await using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
        await connection.OpenAsync();
        var options = new AskOptions { Engine = engine };
        foreach (var question in questions)
            await connection.AskAsync(question, options);   // warm-up: schema, value index, sessions

        var totals = new List<double>();
        TimeSpan linking = default, encoding = default, decoding = default, constraint = default, translating = default;
        var schema = await engine.GetSchemaAsync(connection);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var question in questions)
            {
                var watch = Stopwatch.StartNew();
                var answer = await connection.AskAsync(question, options);
                totals.Add(watch.Elapsed.TotalMilliseconds);
                GC.KeepAlive(answer.Rows);
                var t = translator.Translate(new TranslationRequest(question, schema, SqlDialect.Sqlite)).Timings;
                linking += t.Linking; encoding += t.Encoding; decoding += t.Decoding; constraint += t.Constraint; translating += t.Total;
            }
        }
        totals.Sort();
        double Percentile(double p) => totals[Math.Min(totals.Count - 1, (int)Math.Ceiling(p * totals.Count) - 1)];
        var n = totals.Count;
        Console.WriteLine($"model {model}, {questions.Count} questions x {rounds} rounds on {db}, {Environment.ProcessorCount} logical CPUs");
        Console.WriteLine($"ask (question in, rows out): p50 {Percentile(0.5):F1} ms, p90 {Percentile(0.9):F1} ms, p99 {Percentile(0.99):F1} ms, mean {totals.Average():F1} ms (n={n})");
        Console.WriteLine($"translate, mean per question: {translating.TotalMilliseconds / n:F1} ms = linking {linking.TotalMilliseconds / n:F1} + encoding {encoding.TotalMilliseconds / n:F1} " +
                          $"+ decoder {decoding.TotalMilliseconds / n:F1} + parser {constraint.TotalMilliseconds / n:F1} (+ search bookkeeping)");
        Console.WriteLine($"parser share of decode time: {100 * constraint.TotalMilliseconds / (decoding + constraint).TotalMilliseconds:F1} %");
        return 0;
    }
}
