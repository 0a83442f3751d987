using System.Globalization;
using NlQuery.Execution;

namespace NlQuery.Training.Evaluation;

/// <summary>
/// Execution accuracy as Spider's evaluation defines it: the predicted query's rows equal the gold query's rows as
/// multisets, in order when the gold query orders them. Columns may come in another order (the test-suite
/// evaluation's rule), so <c>SELECT a, b</c> matches <c>SELECT b, a</c>. Numbers compare by value (1 = 1.0).
/// </summary>
public static class ExecutionMatch
{
    public static bool Equal(ResultTable gold, ResultTable predicted, bool ordered)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        if (gold.Columns.Count != predicted.Columns.Count || gold.Rows.Count != predicted.Rows.Count)
            return false;
        var goldRows = gold.Rows.Select(Normalise).ToList();
        var predictedRows = predicted.Rows.Select(Normalise).ToList();
        foreach (var permutation in CandidatePermutations(goldRows, predictedRows, gold.Columns.Count))
        {
            var permuted = predictedRows.Select(row => permutation.Select(i => row[i]).ToArray()).ToList();
            if (ordered ? goldRows.Zip(permuted).All(p => p.First.SequenceEqual(p.Second)) : SameMultiset(goldRows, permuted))
                return true;
        }
        return false;
    }

    /// <summary>
    /// Column orders worth trying: predicted column j can stand for gold column i only if both hold the same
    /// multiset of values, which cuts the permutations to (almost always) one.
    /// </summary>
    private static IEnumerable<int[]> CandidatePermutations(List<string[]> gold, List<string[]> predicted, int width)
    {
        var options = new List<int>[width];
        for (var i = 0; i < width; i++)
        {
            var goldColumn = gold.Select(r => r[i]).Order(StringComparer.Ordinal).ToList();
            options[i] = Enumerable.Range(0, width)
                .Where(j => predicted.Select(r => r[j]).Order(StringComparer.Ordinal).SequenceEqual(goldColumn))
                .ToList();
        }
        return Expand(options, 0, new int[width], new bool[width]);
    }

    private static IEnumerable<int[]> Expand(List<int>[] options, int i, int[] chosen, bool[] used)
    {
        if (i == options.Length)
        {
            yield return (int[])chosen.Clone();
            yield break;
        }
        foreach (var j in options[i])
        {
            if (used[j])
                continue;
            used[j] = true;
            chosen[i] = j;
            foreach (var result in Expand(options, i + 1, chosen, used))
                yield return result;
            used[j] = false;
        }
    }

    private static bool SameMultiset(List<string[]> a, List<string[]> b)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in a)
            counts[string.Join('\u001f', row)] = counts.GetValueOrDefault(string.Join('\u001f', row)) + 1;
        foreach (var row in b)
        {
            var key = string.Join('\u001f', row);
            if (!counts.TryGetValue(key, out var n) || n == 0)
                return false;
            counts[key] = n - 1;
        }
        return true;
    }

    private static string[] Normalise(object?[] row) => row.Select(Normalise).ToArray();

    private static string Normalise(object? value) => value switch
    {
        null => "\u2205",
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => Normalise((double)f),
        decimal m => Normalise((double)m),
        byte[] bytes => Convert.ToHexString(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
