using Microsoft.ML.OnnxRuntime;

namespace NlQuery.Generation;

/// <summary>
/// The encoder's output for a batch of inputs: hidden states [batch, length, d_model] and the attention mask the
/// decoder needs with them. Owned by the caller; every decoder created from it must be disposed first.
/// </summary>
public sealed class T5EncoderOutput : IDisposable
{
    internal T5EncoderOutput(OrtValue hiddenStates, long[] attentionMask, int batchSize, int sequenceLength)
    {
        HiddenStates = hiddenStates;
        AttentionMask = attentionMask;
        BatchSize = batchSize;
        SequenceLength = sequenceLength;
    }

    /// <summary>[batch, length, d_model] floats (the encoder's <c>last_hidden_state</c>).</summary>
    public OrtValue HiddenStates { get; }

    /// <summary>[batch, length], row-major: 1 for real tokens, 0 for padding.</summary>
    public long[] AttentionMask { get; }

    public int BatchSize { get; }

    public int SequenceLength { get; }

    public void Dispose() => HiddenStates.Dispose();
}
