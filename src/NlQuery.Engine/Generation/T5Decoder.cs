using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NlQuery.OnnxRuntime.Internal;

namespace NlQuery.Generation;

/// <summary>
/// Decodes a batch of hypotheses over one <see cref="T5EncoderOutput"/>, one token per step, keeping the KV cache
/// between steps and reordering it to follow the hypotheses beam search keeps. Not thread-safe (one per search).
/// </summary>
/// <remarks>
/// Each hypothesis lives in a row (slot) of the batch the model sees, and rows are independent of each other, so a
/// hypothesis need not sit in the row of its index. While the beam keeps its width, a parent's first child takes the
/// parent's own slot, where its cache already lies, and only further children of one parent are copied, row by row
/// in place, into the slots of parents that had no child: a permutation of the beam moves no cache at all, and the
/// logits are put back in hypothesis order (one row of the vocabulary each) instead. A change of width gathers the
/// cache into new tensors. The cross-attention (encoder) half of the cache depends only on which input each slot
/// decodes: with one input it is computed once, at the first step, and never copied.
/// </remarks>
public sealed class T5Decoder : IStepDecoder
{
    private readonly T5Model _model;
    private readonly T5EncoderOutput _encoded;
    private int[] _rows = [];          // per hypothesis: the encoded input it decodes
    private int[] _slots = [];         // per hypothesis: its row in the batch the model sees
    private int[] _slotRows = [];      // per slot: the encoded input it decodes
    private OrtValue[] _decoderCache = [];
    private OrtValue[] _encoderCache = [];
    private OrtValue? _encoderMask;
    private OrtValue? _logits;
    private float[] _orderedLogits = [];
    private OrtValue[]? _withPastInputs;
    private long[] _tokenBuffer = [];
    private OrtValue? _tokenTensor;
    private bool _disposed;

    internal T5Decoder(T5Model model, T5EncoderOutput encoded)
    {
        _model = model;
        _encoded = encoded;
    }

    public int VocabularySize => _model.VocabularySize;

    /// <summary>Steps decoded so far (the length of the self-attention cache).</summary>
    public int Length { get; private set; }

    /// <summary>
    /// Logits [hypotheses, vocabulary] for the next token. On the first step <paramref name="parents"/> names the
    /// encoder row (input) each hypothesis decodes; later, the previous step's hypothesis it extends.
    /// </summary>
    public ReadOnlySpan<float> Step(scoped ReadOnlySpan<int> parents, scoped ReadOnlySpan<long> tokens, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var count = parents.Length;
        if (count == 0 || tokens.Length != count)
            throw new ArgumentException($"{count} parents were given for {tokens.Length} tokens; one of each per hypothesis is needed.", nameof(tokens));
        var limit = Length == 0 ? _encoded.BatchSize : _rows.Length;
        foreach (var parent in parents)
        {
            if ((uint)parent >= (uint)limit)
                throw new ArgumentOutOfRangeException(nameof(parents), parent, $"A parent must name one of the {limit} {(Length == 0 ? "encoded inputs" : "previous hypotheses")}.");
        }

        var rows = new int[count];
        for (var i = 0; i < count; i++)
            rows[i] = Length == 0 ? parents[i] : _rows[parents[i]];

        OrtValue[] outputs;
        int[] slots;
        if (Length == 0)
        {
            slots = Identity(count);
            _slotRows = rows;
            _encoderMask = OrtValue.CreateTensorValueFromMemory(GatherMask(rows), [count, _encoded.SequenceLength]);
            var hidden = IsIdentity(rows, _encoded.BatchSize) ? _encoded.HiddenStates : GatherRows(_encoded.HiddenStates, rows);
            try
            {
                outputs = [.. OrtRunner.Run(_model.Decoder, _model.FirstStepInputNames, [TokenTensor(tokens, slots), _encoderMask, hidden],
                    _model.FirstStepOutputNames, cancellationToken)];
            }
            finally
            {
                if (!ReferenceEquals(hidden, _encoded.HiddenStates))
                    hidden.Dispose();
            }
            var layers2 = _model.PresentDecoderNames.Length;
            _encoderCache = outputs[(1 + layers2)..];
            outputs = outputs[..(1 + layers2)];
        }
        else
        {
            slots = count == _slots.Length ? ReuseSlots(parents) : Regather(parents, rows);
            outputs = StepWithPast(TokenTensor(tokens, slots), cancellationToken);
        }

        foreach (var value in _decoderCache)
            value.Dispose();
        _decoderCache = outputs[1..];
        _logits?.Dispose();
        _logits = outputs[0];
        _rows = rows;
        _slots = slots;
        Length++;
        return OrderedLogits(slots);
    }

    /// <summary>
    /// Same width: each parent's first child keeps the parent's slot; further children are copied into the slots of
    /// parents that had none. A copy's source is always a kept slot and its target a freed one, so copying in place
    /// never overwrites a row still to be read.
    /// </summary>
    private int[] ReuseSlots(ReadOnlySpan<int> parents)
    {
        var count = parents.Length;
        var slots = new int[count];
        Span<bool> kept = count <= 256 ? stackalloc bool[count] : new bool[count];
        kept.Clear();
        var copies = 0;
        for (var i = 0; i < count; i++)
        {
            var slot = _slots[parents[i]];
            if (kept[slot])
            {
                slots[i] = -1;
                copies++;
            }
            else
            {
                kept[slot] = true;
                slots[i] = slot;
            }
        }
        if (copies == 0)
            return slots;

        var slotRows = (int[])_slotRows.Clone();
        var free = 0;
        Span<(int From, int To)> moves = count <= 128 ? stackalloc (int, int)[copies] : new (int, int)[copies];
        var m = 0;
        for (var i = 0; i < count; i++)
        {
            if (slots[i] >= 0)
                continue;
            while (kept[free])
                free++;
            kept[free] = true;
            var from = _slots[parents[i]];
            slots[i] = free;
            slotRows[free] = _slotRows[from];
            moves[m++] = (from, free);
        }
        foreach (var cache in _decoderCache)
            CopyRows(cache, moves);
        if (!slotRows.AsSpan().SequenceEqual(_slotRows))
        {
            // Several inputs in one batch: the copied slots now decode another input.
            foreach (var cache in _encoderCache)
                CopyRows(cache, moves);
            var mask = _encoderMask!.GetTensorMutableDataAsSpan<long>();
            var length = _encoded.SequenceLength;
            foreach (var (from, to) in moves)
                mask.Slice(from * length, length).CopyTo(mask.Slice(to * length, length));
            _slotRows = slotRows;
        }
        return slots;
    }

    /// <summary>Another width: new cache tensors whose row i is the parent's slot, hypotheses back in slot order.</summary>
    private int[] Regather(ReadOnlySpan<int> parents, int[] rows)
    {
        var count = parents.Length;
        var sources = new int[count];
        for (var i = 0; i < count; i++)
            sources[i] = _slots[parents[i]];
        for (var i = 0; i < _decoderCache.Length; i++)
        {
            var gathered = GatherRows(_decoderCache[i], sources);
            _decoderCache[i].Dispose();
            _decoderCache[i] = gathered;
        }
        if (!rows.AsSpan().SequenceEqual(_slotRows))
        {
            for (var i = 0; i < _encoderCache.Length; i++)
            {
                var gathered = GatherRows(_encoderCache[i], sources);
                _encoderCache[i].Dispose();
                _encoderCache[i] = gathered;
            }
            _encoderMask?.Dispose();
            _encoderMask = OrtValue.CreateTensorValueFromMemory(GatherMask(rows), [count, _encoded.SequenceLength]);
            _slotRows = rows;
        }
        return Identity(count);
    }

    private OrtValue[] StepWithPast(OrtValue inputIds, CancellationToken cancellationToken)
    {
        OrtValue? hidden = null;
        try
        {
            // Values in the order of T5Model.WithPastInputNames.
            var values = _withPastInputs ??= new OrtValue[_model.WithPastInputNames.Length];
            var at = 0;
            values[at++] = inputIds;
            values[at++] = _encoderMask!;
            if (_model.DecoderWithPastTakesHiddenStates)
            {
                hidden = IsIdentity(_slotRows, _encoded.BatchSize) ? _encoded.HiddenStates : GatherRows(_encoded.HiddenStates, _slotRows);
                values[at++] = hidden;
            }
            for (var layer = 0; layer < _model.LayerCount; layer++)
            {
                values[at++] = _decoderCache[2 * layer];
                values[at++] = _decoderCache[2 * layer + 1];
                values[at++] = _encoderCache[2 * layer];
                values[at++] = _encoderCache[2 * layer + 1];
            }
            return [.. OrtRunner.Run(_model.DecoderWithPast, _model.WithPastInputNames, values, _model.WithPastOutputNames, cancellationToken)];
        }
        finally
        {
            if (hidden is not null && !ReferenceEquals(hidden, _encoded.HiddenStates))
                hidden.Dispose();
            if (_withPastInputs is not null)
                Array.Clear(_withPastInputs);
        }
    }

    /// <summary>The logits in hypothesis order: the model's own output when every hypothesis sits in its own slot.</summary>
    private ReadOnlySpan<float> OrderedLogits(int[] slots)
    {
        var logits = _logits!.GetTensorDataAsSpan<float>();
        if (IsIdentity(slots, slots.Length))
            return logits;
        var vocabulary = logits.Length / slots.Length;
        if (_orderedLogits.Length < logits.Length)
        {
            // Pooled: at a real vocabulary the buffer is a large-object-heap array, and a search makes one decoder.
            if (_orderedLogits.Length > 0)
                ArrayPool<float>.Shared.Return(_orderedLogits);
            _orderedLogits = ArrayPool<float>.Shared.Rent(logits.Length);
        }
        var ordered = _orderedLogits.AsSpan(0, logits.Length);
        for (var i = 0; i < slots.Length; i++)
            logits.Slice(slots[i] * vocabulary, vocabulary).CopyTo(ordered.Slice(i * vocabulary, vocabulary));
        return ordered;
    }

    /// <summary>Copies whole rows (first dimension) of a tensor in place: one block copy per move.</summary>
    private static void CopyRows(OrtValue tensor, ReadOnlySpan<(int From, int To)> moves)
    {
        var data = tensor.GetTensorMutableDataAsSpan<float>();
        var rowSize = checked((int)(data.Length / tensor.GetTensorTypeAndShape().Shape[0]));
        foreach (var (from, to) in moves)
            data.Slice(from * rowSize, rowSize).CopyTo(data.Slice(to * rowSize, rowSize));
    }

    private static int[] Identity(int count)
    {
        var identity = new int[count];
        for (var i = 0; i < count; i++)
            identity[i] = i;
        return identity;
    }

    /// <summary>The step's input_ids [count, 1] in slot order: a tensor over a buffer kept while the beam's width stays the same.</summary>
    private OrtValue TokenTensor(ReadOnlySpan<long> tokens, int[] slots)
    {
        if (_tokenTensor is null || _tokenBuffer.Length != tokens.Length)
        {
            _tokenTensor?.Dispose();
            _tokenBuffer = new long[tokens.Length];
            _tokenTensor = OrtValue.CreateTensorValueFromMemory(_tokenBuffer, [tokens.Length, 1]);
        }
        for (var i = 0; i < tokens.Length; i++)
            _tokenBuffer[slots[i]] = tokens[i];
        return _tokenTensor;
    }

    private long[] GatherMask(int[] rows)
    {
        var length = _encoded.SequenceLength;
        var mask = new long[rows.Length * length];
        for (var i = 0; i < rows.Length; i++)
            _encoded.AttentionMask.AsSpan(rows[i] * length, length).CopyTo(mask.AsSpan(i * length, length));
        return mask;
    }

    /// <summary>A new tensor whose row i is row <c>rows[i]</c> of <paramref name="source"/> (first dimension = batch).</summary>
    private static OrtValue GatherRows(OrtValue source, ReadOnlySpan<int> rows)
    {
        var info = source.GetTensorTypeAndShape();
        var shape = info.Shape;
        var rowSize = checked((int)(info.ElementCount / shape[0]));
        shape[0] = rows.Length;
        var target = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape);
        var from = source.GetTensorDataAsSpan<float>();
        var to = target.GetTensorMutableDataAsSpan<float>();
        for (var i = 0; i < rows.Length; i++)
            from.Slice(rows[i] * rowSize, rowSize).CopyTo(to.Slice(i * rowSize, rowSize));
        return target;
    }

    private static bool IsIdentity(ReadOnlySpan<int> indexes, int count)
    {
        if (indexes.Length != count)
            return false;
        for (var i = 0; i < indexes.Length; i++)
        {
            if (indexes[i] != i)
                return false;
        }
        return true;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        foreach (var value in _decoderCache.Concat(_encoderCache))
            value.Dispose();
        _encoderMask?.Dispose();
        _tokenTensor?.Dispose();
        _logits?.Dispose();
        if (_orderedLogits.Length > 0)
            ArrayPool<float>.Shared.Return(_orderedLogits);
        _orderedLogits = [];
    }
}
