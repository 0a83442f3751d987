using System.Buffers;

namespace NlQuery.Generation;

/// <summary>
/// Reorders the rows (first dimension: one per hypothesis) of a KV-cache tensor in place, so that row <c>i</c>
/// becomes what row <c>parents[i]</c> was: one block copy per row that changes, nothing for a row that keeps its
/// own parent. A row is overwritten only once no other row still needs its old content; rows left on a cycle
/// (a pure permutation such as [1, 2, 0]) are broken open through one row of scratch. Beam search keeps most
/// hypotheses where they are from one step to the next, so most rows are left alone.
/// </summary>
internal static class CacheRowGather
{
    /// <summary>Row i of <paramref name="data"/> becomes the old row <c>parents[i]</c>; parents may repeat and skip rows.</summary>
    /// <param name="data">parents.Length rows of <paramref name="rowSize"/> elements each.</param>
    /// <exception cref="ArgumentException">The data is not parents.Length rows of rowSize.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parent names no row.</exception>
    public static void InPlace(Span<float> data, int rowSize, ReadOnlySpan<int> parents)
    {
        var rows = parents.Length;
        if (rowSize < 0 || (long)rows * rowSize != data.Length)
            throw new ArgumentException($"{data.Length} elements are not {rows} rows of {rowSize}.", nameof(data));

        // readers[j]: rows other than j still waiting to copy the old row j.
        Span<int> readers = rows <= 256 ? stackalloc int[rows] : new int[rows];
        readers.Clear();
        var pending = 0;
        for (var i = 0; i < rows; i++)
        {
            var parent = parents[i];
            if ((uint)parent >= (uint)rows)
                throw new ArgumentOutOfRangeException(nameof(parents), parent, $"A parent must name one of the {rows} rows.");
            if (parent != i)
            {
                readers[parent]++;
                pending++;
            }
        }
        if (pending == 0)
            return;

        // Rows whose old content nobody needs any more, ready to be overwritten.
        Span<int> ready = rows <= 256 ? stackalloc int[rows] : new int[rows];
        Span<bool> written = rows <= 256 ? stackalloc bool[rows] : new bool[rows];
        written.Clear();
        var readyCount = 0;
        for (var i = 0; i < rows; i++)
        {
            if (parents[i] != i && readers[i] == 0)
                ready[readyCount++] = i;
        }

        float[]? scratch = null;
        var saved = -1;
        try
        {
            var next = 0;
            while (pending > 0)
            {
                if (readyCount == 0)
                {
                    // Only cycles are left: keep one of their rows aside, then it can be overwritten.
                    while (parents[next] == next || written[next])
                        next++;
                    scratch ??= ArrayPool<float>.Shared.Rent(Math.Max(1, rowSize));
                    data.Slice(next * rowSize, rowSize).CopyTo(scratch);
                    saved = next;
                    ready[readyCount++] = next;
                }
                var row = ready[--readyCount];
                var parent = parents[row];
                ReadOnlySpan<float> source = parent == saved ? scratch.AsSpan(0, rowSize) : data.Slice(parent * rowSize, rowSize);
                source.CopyTo(data.Slice(row * rowSize, rowSize));
                written[row] = true;
                pending--;
                if (--readers[parent] == 0 && parents[parent] != parent && !written[parent] && parent != saved)
                    ready[readyCount++] = parent;
            }
        }
        finally
        {
            if (scratch is not null)
                ArrayPool<float>.Shared.Return(scratch);
        }
    }
}
