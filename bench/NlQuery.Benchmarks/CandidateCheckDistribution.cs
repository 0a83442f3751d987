using System.Diagnostics;
using NlQuery.Sql;

namespace NlQuery.Benchmarks;

/// <summary>
/// Per-check percentiles of the candidate-token check, which BenchmarkDotNet's per-invocation means do not show:
/// every check is timed alone with <see cref="Stopwatch"/> (about 20–40 ns of timer overhead included) over the same
/// candidate set as <see cref="CandidateTokenBenchmarks"/>, after a warm-up, split into accepted and rejected tokens.
/// </summary>
public static class CandidateCheckDistribution
{
    public static int Run()
    {
        if (SpiderBenchmarkData.Locate() is null)
        {
            Console.Error.WriteLine(SpiderBenchmarkData.MissingMessage);
            return 2;
        }
        var set = CandidateSet.Build(CandidateTokenBenchmarks.Prefixes, CandidateTokenBenchmarks.CandidatesPerPrefix);
        const int rounds = 50;
        var accepted = new List<double>();
        var rejected = new List<double>();
        var wordInProgress = new List<double>();
        var tokenClosed = new List<double>();
        for (var round = 0; round < rounds + 5; round++)
        {
            foreach (var prefix in set)
            {
                foreach (var candidate in prefix.Candidates)
                {
                    var start = Stopwatch.GetTimestamp();
                    var valid = prefix.State.Extend(candidate).IsValid;
                    var micros = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                    if (round >= 5) // the first rounds warm up the JIT's tiers
                    {
                        (valid ? accepted : rejected).Add(micros);
                        // A token that ends inside a word leaves a word in progress, which the parser must match against
                        // every keyword and name it could still become; other tokens end between tokens.
                        var last = candidate[^1];
                        (char.IsLetterOrDigit(last) || last == '_' ? wordInProgress : tokenClosed).Add(micros);
                    }
                }
            }
        }
        var reparse = new List<double>();
        for (var round = 0; round < 10; round++)
        {
            foreach (var prefix in set)
            {
                var start = Stopwatch.GetTimestamp();
                prefix.Parser.Parse(prefix.Prefix);
                if (round >= 2)
                    reparse.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }
        }
        Console.WriteLine($"per-check times over {set.Count} prefixes × {CandidateTokenBenchmarks.CandidatesPerPrefix} candidates, {rounds} rounds (µs)");
        Print("all checks", [.. accepted, .. rejected]);
        Print("accepted", accepted);
        Print("rejected", rejected);
        Print("ends in a word", wordInProgress);
        Print("ends otherwise", tokenClosed);
        Print("re-parse prefix", reparse);
        return 0;
    }

    private static void Print(string label, List<double> times)
    {
        if (times.Count == 0)
        {
            Console.WriteLine($"  {label,-16} (none)");
            return;
        }
        times.Sort();
        double At(double q) => times[Math.Min(times.Count - 1, (int)(q * times.Count))];
        Console.WriteLine($"  {label,-16} n={times.Count,7}  mean {times.Average(),8:F2}  median {At(0.5),8:F2}  p90 {At(0.9),8:F2}  p99 {At(0.99),8:F2}  max {times[^1],9:F1}");
    }
}
