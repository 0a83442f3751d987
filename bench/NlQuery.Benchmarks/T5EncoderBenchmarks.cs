using BenchmarkDotNet.Attributes;
using NlQuery.Generation;
using NlQuery.OnnxRuntime;

namespace NlQuery.Benchmarks;

/// <summary>Encoder time for one 173-token input.</summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 12)]
public class T5EncoderBenchmarks
{
    private OnnxRuntimeEnvironment _environment = null!;
    private T5Model _model = null!;
    private int[] _input = [];

    [GlobalSetup]
    public void Setup()
    {
        _environment = T5Fixture.CreateEnvironment();
        _model = T5Fixture.Load(_environment);
        _input = T5Fixture.Input(_model);
    }

    [Benchmark]
    public int Encode()
    {
        using var encoded = _model.Encode(_input);
        return encoded.SequenceLength;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Dispose();
        _environment.Dispose();
    }
}
