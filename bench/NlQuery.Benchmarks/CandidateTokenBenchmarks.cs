using BenchmarkDotNet.Attributes;
using NlQuery.Sql;

namespace NlQuery.Benchmarks;

/// <summary>
/// The cost PICARD-style decoding pays per candidate token: extending a 100–300-character prefix state (Guards mode,
/// Spider dev gold against its real database) with one 1–8-character token, next to re-parsing that prefix from
/// scratch. Each invocation runs a fixed set of checks, so Mean and Median are per check (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class CandidateTokenBenchmarks
{
    public const int Prefixes = 100;
    public const int CandidatesPerPrefix = 16;
    public const int Checks = Prefixes * CandidatesPerPrefix;

    private List<CandidatePrefix> _set = null!;

    [GlobalSetup]
    public void Setup()
    {
        _set = CandidateSet.Build(Prefixes, CandidatesPerPrefix);
        var accepted = _set.Sum(p => p.Candidates.Count(c => p.State.Extend(c).IsValid));
        var lengths = _set.Select(p => p.Prefix.Length).Order().ToList();
        Console.WriteLine($"// candidate set: {Prefixes} prefixes of {lengths[0]}–{lengths[^1]} chars (mean {lengths.Average():F0}, median {lengths[lengths.Count / 2]}), {Checks} checks, "
                          + $"{accepted} accepted, {Checks - accepted} rejected, mean token {_set.Average(p => p.Candidates.Average(c => c.Length)):F1} chars");
    }

    /// <summary>One candidate token checked against a prefix state: the work per beam × top-k candidate per step.</summary>
    [Benchmark(OperationsPerInvoke = Checks)]
    public int CheckCandidateToken()
    {
        var accepted = 0;
        foreach (var prefix in _set)
        {
            var state = prefix.State;
            foreach (var candidate in prefix.Candidates)
            {
                if (state.Extend(candidate).IsValid)
                    accepted++;
            }
        }
        return accepted;
    }

    /// <summary>Re-parsing the whole prefix from scratch: what a non-incremental checker pays per step.</summary>
    /// <summary>The same checks through <see cref="ParseState.TryExtend"/>, as the decoding constraint makes them.</summary>
    [Benchmark(OperationsPerInvoke = Checks)]
    public int TryExtendCandidateToken()
    {
        var accepted = 0;
        foreach (var prefix in _set)
        {
            var state = prefix.State;
            foreach (var candidate in prefix.Candidates)
            {
                if (state.TryExtend(candidate, out _))
                    accepted++;
            }
        }
        return accepted;
    }

    [Benchmark(OperationsPerInvoke = Prefixes)]
    public int ReparsePrefix()
    {
        var valid = 0;
        foreach (var prefix in _set)
        {
            if (prefix.Parser.Parse(prefix.Prefix).IsValid)
                valid++;
        }
        return valid;
    }
}
