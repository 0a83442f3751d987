using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace NlQuery.Models.Pointer;

/// <summary>
/// The pretrained encoder (a BERT-style ONNX graph: <c>input_ids</c>, <c>attention_mask</c>, <c>token_type_ids</c> →
/// <c>last_hidden_state</c>) and the pooling that turns its word-piece states into one feature row per position:
/// the mean over the position's span. Training files and inference get their features here, so they agree exactly.
/// Thread-safe (ONNX Runtime sessions are).
/// </summary>
public sealed class SentenceEncoder : IDisposable
{
    private readonly InferenceSession _session;

    public SentenceEncoder(InferenceSession session, int hidden = 384)
    {
        ArgumentNullException.ThrowIfNull(session);
        foreach (var name in new[] { "input_ids", "attention_mask", "token_type_ids" })
        {
            if (!session.InputMetadata.ContainsKey(name))
                throw new InvalidDataException($"The encoder graph has no input '{name}' (it has {string.Join(", ", session.InputMetadata.Keys)}).");
        }
        if (!session.OutputMetadata.ContainsKey("last_hidden_state"))
            throw new InvalidDataException($"The encoder graph has no output 'last_hidden_state' (it has {string.Join(", ", session.OutputMetadata.Keys)}).");
        _session = session;
        Hidden = hidden;
    }

    /// <summary>The width of a feature row.</summary>
    public int Hidden { get; }

    /// <summary>The encoder's states for one input, pooled per position: row-major [positions, <see cref="Hidden"/>].</summary>
    public float[] Encode(PointerInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Encode(input.InputIds, input.Positions.Select(p => (p.SpanStart, p.SpanEnd)).ToList(), cancellationToken);
    }

    /// <summary>The states of word-piece ids (<c>[CLS]</c> … <c>[SEP]</c>), pooled over each span: row-major [spans, <see cref="Hidden"/>].</summary>
    public float[] Encode(IReadOnlyList<int> inputIds, IReadOnlyList<(int Start, int End)> spans, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(spans);
        cancellationToken.ThrowIfCancellationRequested();
        var length = inputIds.Count;
        var ids = new long[length];
        var mask = new long[length];
        for (var i = 0; i < length; i++)
        {
            ids[i] = inputIds[i];
            mask[i] = 1;
        }
        var shape = new long[] { 1, length };
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[length], shape);
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        using var outputs = _session.Run(runOptions,
            ["input_ids", "attention_mask", "token_type_ids"], [idsValue, maskValue, typesValue], ["last_hidden_state"]);
        cancellationToken.ThrowIfCancellationRequested();
        var states = outputs[0].GetTensorDataAsSpan<float>();
        var pooled = new float[spans.Count * Hidden];
        for (var p = 0; p < spans.Count; p++)
        {
            var (start, end) = spans[p];
            if (start < 0 || end > length || end < start)
                throw new ArgumentOutOfRangeException(nameof(spans), $"Span {p} [{start}, {end}) is outside the {length} word pieces.");
            var row = pooled.AsSpan(p * Hidden, Hidden);
            for (var t = start; t < end; t++)
                System.Numerics.Tensors.TensorPrimitives.Add(row, states.Slice(t * Hidden, Hidden), row);
            System.Numerics.Tensors.TensorPrimitives.Divide(row, Math.Max(1, end - start), row);
        }
        return pooled;
    }

    public void Dispose() => _session.Dispose();
}
