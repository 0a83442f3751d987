using System.Runtime.CompilerServices;

namespace NlQuery.Text;

/// <summary>
/// A byte-level trie over the UTF-8 forms of vocabulary pieces, walked one byte at a time by the segmenter. Node 0 is
/// the root, whose 256 children sit in a direct table; other nodes keep their children as a sorted run of labels,
/// which for SentencePiece vocabularies is short (most nodes have a handful of children).
/// </summary>
internal sealed class PieceTrie
{
    public const int NoNode = -1;

    private readonly int[] _rootChildren = new int[256];
    private readonly int[] _values;
    private readonly int[] _childStart;
    private readonly int[] _childCount;
    private readonly byte[] _labels;
    private readonly int[] _targets;

    public PieceTrie(IEnumerable<(byte[] Key, int Value)> entries)
    {
        // Insert through a hash of (parent, label) edges, then lay each node's children out sorted, in one array.
        var edges = new Dictionary<long, int>();
        var values = new List<int> { -1 };
        foreach (var (key, value) in entries)
        {
            var node = 0;
            foreach (var b in key)
            {
                var edge = ((long)node << 8) | b;
                if (!edges.TryGetValue(edge, out var next))
                {
                    next = values.Count;
                    values.Add(-1);
                    edges.Add(edge, next);
                }
                node = next;
            }
            if (node != 0)
                values[node] = value;
        }

        Count = values.Count;
        _values = [.. values];
        var sorted = edges.Keys.ToArray();
        Array.Sort(sorted);
        _childStart = new int[Count];
        _childCount = new int[Count];
        _labels = new byte[sorted.Length];
        _targets = new int[sorted.Length];
        Array.Fill(_rootChildren, NoNode);
        for (var i = 0; i < sorted.Length; i++)
        {
            var parent = (int)(sorted[i] >> 8);
            var label = (byte)sorted[i];
            if (_childCount[parent]++ == 0)
                _childStart[parent] = i;
            _labels[i] = label;
            _targets[i] = edges[sorted[i]];
            if (parent == 0)
                _rootChildren[label] = _targets[i];
        }
    }

    public int Count { get; }

    /// <summary>The child of <paramref name="node"/> along byte <paramref name="label"/>, or <see cref="NoNode"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Step(int node, byte label)
    {
        if (node == 0)
            return _rootChildren[label];
        var start = _childStart[node];
        var count = _childCount[node];
        var labels = _labels;
        if (count <= 8)
        {
            for (var i = start; i < start + count; i++)
            {
                var l = labels[i];
                if (l == label)
                    return _targets[i];
                if (l > label)
                    return NoNode;
            }
            return NoNode;
        }
        var index = labels.AsSpan(start, count).BinarySearch(label);
        return index >= 0 ? _targets[start + index] : NoNode;
    }

    /// <summary>The value stored at <paramref name="node"/> (a piece id), or -1 when no key ends there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ValueAt(int node) => _values[node];

    /// <summary>Length in bytes of the longest key that prefixes <paramref name="input"/>, or 0.</summary>
    public int LongestPrefix(ReadOnlySpan<byte> input, out int value)
    {
        value = -1;
        var longest = 0;
        var node = 0;
        for (var i = 0; i < input.Length; i++)
        {
            node = Step(node, input[i]);
            if (node == NoNode)
                break;
            if (_values[node] >= 0)
            {
                longest = i + 1;
                value = _values[node];
            }
        }
        return longest;
    }

    /// <summary>The value of the key equal to <paramref name="key"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> key)
    {
        var node = 0;
        foreach (var b in key)
        {
            node = Step(node, b);
            if (node == NoNode)
                return -1;
        }
        return key.IsEmpty ? -1 : _values[node];
    }
}
