using NlQuery.Generation;

namespace NlQuery.Tests.Generation;

/// <summary>
/// A decoder whose next-token distribution is a function of the prefix. It rebuilds each hypothesis's prefix from
/// the parents and tokens beam search passes in, as a real KV cache would be reordered: if beam search passed the
/// wrong parents, the logits (and so the results) would be those of the wrong prefixes.
/// </summary>
internal sealed class FakeStepDecoder(int vocabularySize, Func<IReadOnlyList<int>, IReadOnlyDictionary<int, double>> distribution) : IStepDecoder
{
    private List<int[]> _prefixes = [];
    private float[] _logits = [];

    public int VocabularySize => vocabularySize;

    public List<IReadOnlyList<int[]>> PrefixesPerStep { get; } = [];

    public Action<int>? OnStep { get; init; }

    public ReadOnlySpan<float> Step(scoped ReadOnlySpan<int> parents, scoped ReadOnlySpan<long> tokens, CancellationToken cancellationToken)
    {
        OnStep?.Invoke(PrefixesPerStep.Count);
        cancellationToken.ThrowIfCancellationRequested();
        var next = new List<int[]>();
        if (_prefixes.Count == 0)
        {
            Assert.Equal([0], parents.ToArray());
            next.Add([]);
        }
        else
        {
            for (var i = 0; i < parents.Length; i++)
                next.Add([.. _prefixes[parents[i]], (int)tokens[i]]);
        }
        _prefixes = next;
        PrefixesPerStep.Add(next);

        _logits = new float[next.Count * vocabularySize];
        for (var h = 0; h < next.Count; h++)
        {
            var row = _logits.AsSpan(h * vocabularySize, vocabularySize);
            row.Fill(MathF.Log(1e-6f));
            foreach (var (token, p) in distribution(next[h]))
                row[token] = (float)Math.Log(p);
        }
        return _logits;
    }

    public void Dispose()
    {
    }
}
