using NlQuery.Training.Datasets;

namespace NlQuery.Training.Evaluation;

/// <summary>
/// Predictions read from a file, one per example in dataset order: either <c>sql</c> or <c>db_id&lt;TAB&gt;sql</c> per
/// line (the format <c>nlq eval --out</c> writes). Blank lines are skipped only when the file separates interactions
/// with them (SParC/CoSQL's gold format), i.e. when counting them would not fit the examples.
/// </summary>
public sealed class PredictionFile : IPredictionSource
{
    private readonly IReadOnlyList<(string? DbId, string Sql)> _lines;

    private PredictionFile(string path, IReadOnlyList<(string? DbId, string Sql)> lines)
    {
        Path = path;
        _lines = lines;
    }

    public string Path { get; }

    public int Count => _lines.Count;

    /// <summary>Reads <paramref name="path"/> and checks it has one prediction per example (and the same db_ids).</summary>
    public static PredictionFile Load(string path, IReadOnlyList<TextToSqlExample> examples)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Predictions file not found: {path}", path);
        var raw = File.ReadAllLines(path).ToList();
        while (raw.Count > examples.Count && raw[^1].Length == 0)
            raw.RemoveAt(raw.Count - 1);
        if (raw.Count != examples.Count)
            raw = raw.Where(l => l.Trim().Length > 0).ToList();
        if (raw.Count < examples.Count)
            throw new InvalidDataException($"{path} has {raw.Count} predictions but {examples.Count} examples are evaluated.");
        var lines = raw.Take(examples.Count).Select(Split).ToList();
        for (var i = 0; i < lines.Count; i++)
            if (lines[i].DbId is { } db && db != examples[i].DbId)
                throw new InvalidDataException($"{path}, line {i + 1}: prediction for database '{db}' but example {i} is on '{examples[i].DbId}'.");
        return new PredictionFile(path, lines);
    }

    public ValueTask<string> PredictAsync(int index, TextToSqlExample example, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_lines[index].Sql);

    private static (string? DbId, string Sql) Split(string line)
    {
        // What --out writes with a model: "db_id<TAB>sql<TAB>confidence"; the confidence is not part of the prediction.
        var last = line.LastIndexOf('\t');
        if (last > 0 && line.IndexOf('\t', StringComparison.Ordinal) < last
            && double.TryParse(line[(last + 1)..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var confidence)
            && confidence is >= 0 and <= 1)
            line = line[..last];
        var tab = line.IndexOf('\t', StringComparison.Ordinal);
        if (tab < 0)
            return (null, line.Trim());
        // Spider's own gold files are "sql<TAB>db_id"; ours are "db_id<TAB>sql". A db_id has no spaces.
        var left = line[..tab].Trim();
        var right = line[(tab + 1)..].Trim();
        return left.Contains(' ', StringComparison.Ordinal) && !right.Contains(' ', StringComparison.Ordinal) ? (right, left) : (left, right);
    }
}
