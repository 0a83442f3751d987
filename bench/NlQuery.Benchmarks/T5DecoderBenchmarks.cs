using BenchmarkDotNet.Attributes;
using NlQuery.Generation;
using Microsoft.ML.OnnxRuntime;
using NlQuery.OnnxRuntime;

namespace NlQuery.Benchmarks;

/// <summary>
/// Twenty decoder steps over the KV cache (first step without past, then 19 with), at beam 1 and beam 4, through
/// the runner (<see cref="T5Decoder"/>, which at beam 4 reorders the cache by a rotating parent permutation as beam
/// search does) and through bare <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/> calls that feed each step's present tensors straight
/// back as the next past (no reordering, inputs prepared once): the least work ONNX Runtime can be asked to do.
/// Divide by 20 for the time per step. <see cref="RunnerWithoutReorder"/> against bare is the binding's and the
/// runner's own overhead; <see cref="Runner"/> adds the cache reordering beam search needs.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 20)]
public class T5DecoderBenchmarks
{
    private const int Steps = 20;
    private const long Token = 5;

    private OnnxRuntimeEnvironment _environment = null!;
    private T5Model _model = null!;
    private T5EncoderOutput _encoded = null!;
    private int[] _firstParents = [];
    private int[] _parents = [];
    private int[] _identity = [];
    private long[] _tokens = [];

    // The bare path's inputs, built once.
    private OrtValue _hidden = null!;
    private OrtValue _mask = null!;
    private OrtValue _ids = null!;
    private RunOptions _runOptions = null!;
    private string[] _pastInputNames = [];
    private string[] _firstOutputNames = [];
    private string[] _withPastOutputNames = [];

    [Params(1, 4)]
    public int Beams { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _environment = T5Fixture.CreateEnvironment();
        _model = T5Fixture.Load(_environment);
        var input = T5Fixture.Input(_model);
        _encoded = _model.Encode(input);
        _firstParents = new int[Beams];
        _parents = Enumerable.Range(0, Beams).Select(i => (i + 1) % Beams).ToArray();
        _identity = Enumerable.Range(0, Beams).ToArray();
        _tokens = Enumerable.Repeat(Token, Beams).ToArray();

        var hidden = _encoded.HiddenStates.GetTensorDataAsSpan<float>().ToArray();
        _hidden = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(hidden, Beams).SelectMany(h => h).ToArray(), [Beams, input.Length, hidden.Length / input.Length]);
        _mask = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, Beams * input.Length).ToArray(), [Beams, input.Length]);
        _ids = OrtValue.CreateTensorValueFromMemory(_tokens, [Beams, 1]);
        _runOptions = new RunOptions();
        var layers = _model.LayerCount;
        _firstOutputNames = ["logits", .. Names(layers, "present", encoder: false), .. Names(layers, "present", encoder: true, decoder: false)];
        _withPastOutputNames = ["logits", .. Names(layers, "present", encoder: false)];
        _pastInputNames = Enumerable.Range(0, layers).SelectMany(i => new[]
        {
            $"past_key_values.{i}.decoder.key", $"past_key_values.{i}.decoder.value",
            $"past_key_values.{i}.encoder.key", $"past_key_values.{i}.encoder.value",
        }).ToArray();
    }

    private static IEnumerable<string> Names(int layers, string prefix, bool encoder, bool decoder = true) =>
        Enumerable.Range(0, layers).SelectMany(i => (decoder ? new[] { $"{prefix}.{i}.decoder.key", $"{prefix}.{i}.decoder.value" } : [])
            .Concat(encoder ? new[] { $"{prefix}.{i}.encoder.key", $"{prefix}.{i}.encoder.value" } : []));

    [Benchmark]
    public float Runner()
    {
        using var decoder = _model.CreateDecoder(_encoded);
        var logits = decoder.Step(_firstParents, _tokens, CancellationToken.None);
        for (var step = 1; step < Steps; step++)
            logits = decoder.Step(_parents, _tokens, CancellationToken.None);
        return logits[0];
    }

    /// <summary>The runner with every hypothesis extending its own parent: the same work as the bare loop.</summary>
    [Benchmark]
    public float RunnerWithoutReorder()
    {
        using var decoder = _model.CreateDecoder(_encoded);
        var logits = decoder.Step(_firstParents, _tokens, CancellationToken.None);
        for (var step = 1; step < Steps; step++)
            logits = decoder.Step(_identity, _tokens, CancellationToken.None);
        return logits[0];
    }

    [Benchmark(Baseline = true)]
    public float BareSessionRun()
    {
        var layers = _model.LayerCount;
        OrtValue[] first = [.. _model.Decoder.Run(_runOptions, ["input_ids", "encoder_attention_mask", "encoder_hidden_states"], [_ids, _mask, _hidden], _firstOutputNames)];
        var encoderCache = first[(1 + 2 * layers)..];
        var decoderCache = first[1..(1 + 2 * layers)];
        var logits = first[0];
        var names = new string[2 + 4 * layers];
        var values = new OrtValue[2 + 4 * layers];
        names[0] = "input_ids";
        names[1] = "encoder_attention_mask";
        _pastInputNames.CopyTo(names, 2);
        for (var step = 1; step < Steps; step++)
        {
            values[0] = _ids;
            values[1] = _mask;
            for (var i = 0; i < layers; i++)
            {
                values[2 + 4 * i] = decoderCache[2 * i];
                values[3 + 4 * i] = decoderCache[2 * i + 1];
                values[4 + 4 * i] = encoderCache[2 * i];
                values[5 + 4 * i] = encoderCache[2 * i + 1];
            }
            OrtValue[] outputs = [.. _model.DecoderWithPast.Run(_runOptions, names, values, _withPastOutputNames)];
            logits.Dispose();
            foreach (var value in decoderCache)
                value.Dispose();
            logits = outputs[0];
            decoderCache = outputs[1..];
        }
        var result = logits.GetTensorDataAsSpan<float>()[0];
        logits.Dispose();
        foreach (var value in decoderCache.Concat(encoderCache))
            value.Dispose();
        return result;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _hidden.Dispose();
        _mask.Dispose();
        _ids.Dispose();
        _runOptions.Dispose();
        _encoded.Dispose();
        _model.Dispose();
        _environment.Dispose();
    }
}
