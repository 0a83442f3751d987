namespace NlQuery.Models.Pointer;

/// <summary>
/// The pointer model's fixed actions: control ids, then SQL keywords, functions, operators, punctuation, table aliases
/// and small numbers (everything a query needs that is not a schema name or a literal from the question). Saved in
/// <c>model.json</c>, so a model always decodes with the vocabulary it was trained on.
/// </summary>
public sealed class ActionVocabulary
{
    public const int Pad = 0;
    public const int Start = 1;
    public const int End = 2;

    private readonly Dictionary<string, int> _ids;

    public ActionVocabulary(IReadOnlyList<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count < 3 || entries[Pad] != "<pad>" || entries[Start] != "<s>" || entries[End] != "</s>")
            throw new InvalidDataException("An action vocabulary starts with <pad>, <s>, </s>.");
        Entries = entries;
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            if (string.IsNullOrEmpty(entries[i]) || !_ids.TryAdd(entries[i], i))
                throw new InvalidDataException($"Action vocabulary entry {i} ('{entries[i]}') is empty or repeated.");
        }
    }

    /// <summary>What the trainer starts from: every keyword, function and symbol Spider's queries use, aliases t1–t9, numbers 0–10.</summary>
    public static ActionVocabulary Default { get; } = new(
    [
        "<pad>", "<s>", "</s>",
        "select", "from", "where", "group", "by", "order", "having", "limit", "offset", "join", "on", "as", "and", "or", "not",
        "in", "like", "between", "is", "null", "distinct", "asc", "desc", "union", "intersect", "except", "all", "exists",
        "count", "sum", "avg", "min", "max", "abs", "length", "lower", "upper", "round", "case", "when", "then", "else", "end",
        "cast", "inner", "left", "outer", "cross", "natural",
        "(", ")", ",", ".", "*", "+", "-", "/", "%", "=", "!=", "<>", "<", "<=", ">", ">=", "||", "'",
        "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9",
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
    ]);

    public IReadOnlyList<string> Entries { get; }

    public int Count => Entries.Count;

    public string this[int id] => Entries[id];

    public bool TryGetId(string text, out int id) => _ids.TryGetValue(text, out id);
}
