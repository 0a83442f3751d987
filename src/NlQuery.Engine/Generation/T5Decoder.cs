using NlQuery.OnnxRuntime;

namespace NlQuery.Generation;

/// <summary>
/// Decodes a batch of hypotheses over one <see cref="T5EncoderOutput"/>, one token per step, keeping the KV cache
/// between steps and reordering it to follow the hypotheses beam search keeps. Not thread-safe (one per search).
/// </summary>
/// <remarks>
/// The cross-attention (encoder) half of the cache depends only on which input row a hypothesis belongs to, so it is
/// reused as is while that assignment is unchanged: with one input, it is computed once, at the first step. Only the
/// self-attention half, which grows by one position per step, is gathered by parent at every step.
/// </remarks>
public sealed class T5Decoder : IStepDecoder
{
    private readonly T5Model _model;
    private readonly T5EncoderOutput _encoded;
    private int[] _rows = [];
    private OnnxValue[] _decoderCache = [];
    private OnnxValue[] _encoderCache = [];
    private OnnxValue? _encoderMask;
    private OnnxValue? _logits;
    private OnnxValue[]? _withPastInputs;
    private long[] _tokenBuffer = [];
    private OnnxValue? _tokenTensor;
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
        var sameRows = rows.AsSpan().SequenceEqual(_rows);

        var inputIds = TokenTensor(tokens);
        if (!sameRows)
        {
            _encoderMask?.Dispose();
            _encoderMask = OnnxValue.CreateTensor(GatherMask(rows), count, _encoded.SequenceLength);
        }

        OnnxValue[] outputs;
        if (Length == 0)
        {
            var hidden = IsIdentity(rows, _encoded.BatchSize) ? _encoded.HiddenStates : GatherRows(_encoded.HiddenStates, rows);
            try
            {
                outputs = _model.Decoder.Run(_model.FirstStepInputNames, [inputIds, _encoderMask!, hidden],
                    _model.FirstStepOutputNames, cancellationToken);
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
            outputs = StepWithPast(parents, rows, sameRows, inputIds, cancellationToken);
        }

        foreach (var value in _decoderCache)
            value.Dispose();
        _decoderCache = outputs[1..];
        _logits?.Dispose();
        _logits = outputs[0];
        _rows = rows;
        Length++;
        return _logits.GetTensorData<float>();
    }

    private OnnxValue[] StepWithPast(ReadOnlySpan<int> parents, int[] rows, bool sameRows, OnnxValue inputIds, CancellationToken cancellationToken)
    {
        var identity = IsIdentity(parents, _rows.Length);
        List<OnnxValue> temporary = [];
        try
        {
            if (!sameRows)
            {
                var gathered = new OnnxValue[_encoderCache.Length];
                for (var i = 0; i < gathered.Length; i++)
                    gathered[i] = GatherRows(_encoderCache[i], parents);
                foreach (var value in _encoderCache)
                    value.Dispose();
                _encoderCache = gathered;
            }

            // Values in the order of T5Model.WithPastInputNames.
            var values = _withPastInputs ??= new OnnxValue[_model.WithPastInputNames.Length];
            var at = 0;
            values[at++] = inputIds;
            values[at++] = _encoderMask!;
            if (_model.DecoderWithPastTakesHiddenStates)
            {
                var hidden = IsIdentity(rows, _encoded.BatchSize) ? _encoded.HiddenStates : GatherRows(_encoded.HiddenStates, rows);
                if (!ReferenceEquals(hidden, _encoded.HiddenStates))
                    temporary.Add(hidden);
                values[at++] = hidden;
            }
            // The self-attention cache is last step's present.* output, ours alone: while the beam keeps its width,
            // its rows are reordered where they lie (a block copy per moved row); only a change of width needs new tensors.
            var inPlace = !identity && parents.Length == _rows.Length;
            for (var layer = 0; layer < _model.LayerCount; layer++)
            {
                for (var kv = 0; kv < 2; kv++)
                {
                    var cache = _decoderCache[2 * layer + kv];
                    if (inPlace)
                    {
                        var data = cache.GetTensorData<float>();
                        CacheRowGather.InPlace(data, data.Length / parents.Length, parents);
                    }
                    else if (!identity)
                    {
                        cache = GatherRows(cache, parents);
                        temporary.Add(cache);
                    }
                    values[at++] = cache;
                }
                values[at++] = _encoderCache[2 * layer];
                values[at++] = _encoderCache[2 * layer + 1];
            }
            return _model.DecoderWithPast.Run(_model.WithPastInputNames, values, _model.WithPastOutputNames, cancellationToken);
        }
        finally
        {
            foreach (var value in temporary)
                value.Dispose();
            if (_withPastInputs is not null)
                Array.Clear(_withPastInputs);
        }
    }

    /// <summary>The step's input_ids [count, 1]: a tensor over a buffer kept while the beam's width stays the same.</summary>
    private OnnxValue TokenTensor(ReadOnlySpan<long> tokens)
    {
        if (_tokenTensor is null || _tokenBuffer.Length != tokens.Length)
        {
            _tokenTensor?.Dispose();
            _tokenBuffer = new long[tokens.Length];
            _tokenTensor = OnnxValue.CreateTensor(_tokenBuffer, tokens.Length, 1);
        }
        tokens.CopyTo(_tokenBuffer);
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
    private static OnnxValue GatherRows(OnnxValue source, ReadOnlySpan<int> rows)
    {
        var shape = source.Shape.ToArray();
        var rowSize = checked((int)(source.ElementCount() / shape[0]));
        shape[0] = rows.Length;
        var target = OnnxValue.Allocate<float>(shape);
        var from = source.GetTensorData<float>();
        var to = target.GetTensorData<float>();
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
    }
}
