using BenchmarkDotNet.Attributes;
using NlQuery.Generation;
using NlQuery.OnnxRuntime;

namespace NlQuery.Benchmarks;

/// <summary>
/// End-to-end generation of exactly 60 tokens (encode once, then beam search with top-k 8; end-of-sequence is
/// disabled so every run has the same length), unconstrained.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class GenerationBenchmarks
{
    private OnnxRuntimeEnvironment _environment = null!;
    private T5Model _model = null!;
    private int[] _input = [];

    [Params(1, 4)]
    public int Beams { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _environment = T5Fixture.CreateEnvironment();
        _model = T5Fixture.Load(_environment);
        _input = T5Fixture.LongInput();
    }

    [Benchmark]
    public int Generate60Tokens()
    {
        using var encoded = _model.Encode(_input);
        using var decoder = _model.CreateDecoder(encoded);
        var result = BeamSearch.Run(decoder, Unconstrained.Instance,
            new BeamSearchOptions { BeamSize = Beams, TopK = 8, MaxLength = 60, EosTokenId = -1 });
        return result.Best!.Tokens.Count;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Dispose();
        _environment.Dispose();
    }
}
