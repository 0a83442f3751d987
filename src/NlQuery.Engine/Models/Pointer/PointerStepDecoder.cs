using Microsoft.ML.OnnxRuntime;
using NlQuery.Generation;

namespace NlQuery.Models.Pointer;

/// <summary>
/// One question's decoder for beam search: each step runs <c>decoder_step.onnx</c> on the hypotheses' previous
/// actions and LSTM states. Reordering the beam is a gather of the small h and c rows, not of a KV cache.
/// </summary>
public sealed class PointerStepDecoder : IStepDecoder
{
    private readonly InferenceSession _session;
    private readonly PointerEncoderOutput _encoded;
    private readonly int _layers, _hidden;
    private float[] _h, _c;
    private int _beams = 1;
    private float[] _logits = [];

    internal PointerStepDecoder(InferenceSession session, PointerEncoderOutput encoded, int vocabulary, int layers, int hidden)
    {
        _session = session;
        _encoded = encoded;
        _layers = layers;
        _hidden = hidden;
        VocabularySize = vocabulary + encoded.Positions;
        _h = new float[layers * hidden];
        _c = new float[layers * hidden];
    }

    public int VocabularySize { get; }

    public ReadOnlySpan<float> Step(scoped ReadOnlySpan<int> parents, scoped ReadOnlySpan<long> tokens, CancellationToken cancellationToken)
    {
        var beams = parents.Length;
        if (tokens.Length != beams)
            throw new ArgumentException($"{tokens.Length} tokens for {beams} hypotheses.", nameof(tokens));
        var h = Gather(_h, parents);
        var c = Gather(_c, parents);
        var stateShape = new long[] { _layers, beams, _hidden };
        using var actionValue = OrtValue.CreateTensorValueFromMemory(tokens.ToArray(), [beams]);
        using var hValue = OrtValue.CreateTensorValueFromMemory(h, stateShape);
        using var cValue = OrtValue.CreateTensorValueFromMemory(c, stateShape);
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        using var outputs = _session.Run(runOptions,
            ["action", "h", "c", "memory", "pointer_keys", "action_memory"],
            [actionValue, hValue, cValue, _encoded.Memory, _encoded.PointerKeys, _encoded.ActionMemory],
            ["logits", "h_out", "c_out"]);
        cancellationToken.ThrowIfCancellationRequested();
        _h = outputs[1].GetTensorDataAsSpan<float>().ToArray();
        _c = outputs[2].GetTensorDataAsSpan<float>().ToArray();
        _beams = beams;
        _logits = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        if (_logits.Length != beams * VocabularySize)
            throw new InvalidDataException($"decoder_step.onnx returned {_logits.Length} logits for {beams} hypotheses of {VocabularySize} actions.");
        return _logits;
    }

    /// <summary>The [layers, parents.Length, hidden] state whose row b is the previous step's row parents[b].</summary>
    private float[] Gather(float[] state, ReadOnlySpan<int> parents)
    {
        var result = new float[_layers * parents.Length * _hidden];
        for (var layer = 0; layer < _layers; layer++)
        {
            for (var b = 0; b < parents.Length; b++)
            {
                if ((uint)parents[b] >= (uint)_beams)
                    throw new ArgumentOutOfRangeException(nameof(parents), parents[b], $"Parent {parents[b]} of hypothesis {b} does not exist ({_beams} before).");
                state.AsSpan((layer * _beams + parents[b]) * _hidden, _hidden).CopyTo(result.AsSpan((layer * parents.Length + b) * _hidden, _hidden));
            }
        }
        return result;
    }

    public void Dispose()
    {
        // The encoder output belongs to the caller; the state arrays are managed.
    }
}
