using System.Text.RegularExpressions;

namespace NlQuery;

/// <summary>
/// Tells whether a question asks to change data or the schema, before any model sees it: NlQuery only reads, and a
/// model asked "delete all customers" would otherwise answer with some unrelated SELECT, presented as the answer.
/// </summary>
/// <remarks>
/// Two small rules, both on words rather than meaning, so that they are predictable:
/// <list type="number">
/// <item>SQL pasted in: the question starts with a keyword that only begins a writing statement (<c>DELETE</c>,
/// <c>UPDATE</c>, <c>INSERT</c>, <c>MERGE</c>, <c>UPSERT</c>, <c>ALTER</c>, <c>TRUNCATE</c>, <c>GRANT</c>,
/// <c>REVOKE</c>, <c>ATTACH</c>, <c>DETACH</c>, <c>PRAGMA</c>, <c>VACUUM</c>, <c>REINDEX</c>), or contains a writing
/// statement's head anywhere (<c>DELETE FROM</c>, <c>INSERT INTO</c>,
/// <c>UPDATE x SET</c>, <c>DROP TABLE</c>, <c>ALTER TABLE</c>, <c>CREATE TABLE</c>, <c>ATTACH DATABASE</c>, <c>PRAGMA x =</c>…),
/// e.g. after <c>SELECT 1;</c> or "please run".</item>
/// <item>Plain language: after politeness ("please", "can you", "I want to", …) the first word is an imperative verb
/// that changes data: delete, remove, erase, wipe, purge, truncate, update, modify, rename, insert, alter, grant,
/// revoke, attach, detach; or one that is also a noun or a reading verb (drop, change, set, add, create, replace) followed by a
/// determiner ("the", "all", "every", "a", a number, …): "drop the orders table" is a request, "drop in sales by
/// month" and "add up the prices" are not.</item>
/// </list>
/// A question such as "which customers were deleted?" or "how many orders changed status?" starts with a question
/// word and is not a request.
/// </remarks>
internal static partial class WriteRequest
{
    /// <summary>What the question asks to do, as a verb phrase for "it will not …"; null when it only asks to read.</summary>
    public static string? Detect(string question)
    {
        var text = question.Trim();
        if (SqlHead().Match(text) is { Success: true } head)
            return Describe(head.Groups["verb"].Value);
        if (SqlStart().Match(text) is { Success: true } start)
            return Describe(start.Groups["verb"].Value);
        var words = Words().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();
        var i = 0;
        while (i < words.Count && Politeness.Contains(words[i]))
            i++;
        if (i >= words.Count)
            return null;
        if (Verbs.TryGetValue(words[i], out var verb))
            return verb;
        if (AmbiguousVerbs.TryGetValue(words[i], out verb) && i + 1 < words.Count
            && (Determiners.Contains(words[i + 1]) || words[i + 1].All(char.IsAsciiDigit)))
            return verb;
        return null;
    }

    private static string Describe(string keyword) => keyword.ToLowerInvariant() switch
    {
        "delete" => "delete rows",
        "update" or "merge" or "upsert" => "change rows",
        "insert" or "replace" => "insert rows",
        "drop" => "drop tables or other objects",
        "truncate" => "empty tables",
        "alter" => "alter the schema",
        "create" => "create tables or other objects",
        "grant" or "revoke" => "change permissions",
        "attach" or "detach" => "attach or detach databases",
        "pragma" => "run pragmas",
        _ => "run maintenance statements",
    };

    // Words that can precede the verb of a request without changing what it asks.
    private static readonly HashSet<string> Politeness =
    [
        "please", "pls", "kindly", "can", "could", "would", "will", "you", "i", "we", "want", "wanna", "need", "to", "like",
        "d", "id", "let", "lets", "let's", "s", "go", "and", "now", "just", "then", "also", "nlq", "ok", "okay",
    ];

    private static readonly Dictionary<string, string> Verbs = new()
    {
        ["delete"] = "delete rows", ["remove"] = "delete rows", ["erase"] = "delete rows", ["wipe"] = "delete rows",
        ["purge"] = "delete rows", ["truncate"] = "empty tables", ["update"] = "change rows", ["modify"] = "change rows",
        ["rename"] = "alter the schema", ["insert"] = "insert rows", ["alter"] = "alter the schema", ["grant"] = "change permissions",
        ["revoke"] = "change permissions", ["attach"] = "attach or detach databases", ["detach"] = "attach or detach databases",
    };

    private static readonly Dictionary<string, string> AmbiguousVerbs = new()
    {
        ["drop"] = "drop tables or other objects", ["change"] = "change rows", ["set"] = "change rows",
        ["add"] = "insert rows", ["create"] = "create tables or other objects", ["replace"] = "change rows",
    };

    private static readonly HashSet<string> Determiners =
    [
        "the", "a", "an", "all", "every", "each", "any", "this", "that", "these", "those", "my", "our", "their", "his", "her",
        "its", "some", "new", "table", "column", "row", "rows", "record", "records",
    ];

    [GeneratedRegex(@"\b(?<verb>DELETE)\s+FROM\b|\b(?<verb>INSERT)\s+(OR\s+\w+\s+)?INTO\b|\b(?<verb>REPLACE)\s+INTO\b|\b(?<verb>UPDATE)\s+[\w""`\[\].]+\s+SET\b|" +
                    @"\b(?<verb>DROP|CREATE|ALTER)\s+(TEMP\s+|TEMPORARY\s+|UNIQUE\s+|VIRTUAL\s+)?(TABLE|VIEW|INDEX|TRIGGER|DATABASE|SCHEMA)\b|" +
                    @"\b(?<verb>TRUNCATE)\s+TABLE\b|\b(?<verb>ATTACH)\s+DATABASE\b|\b(?<verb>PRAGMA)\s+[\w.]+\s*(=|\()|;\s*(?<verb>VACUUM|REINDEX|DETACH)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SqlHead();

    [GeneratedRegex(@"^[\s(]*(?<verb>DELETE|UPDATE|INSERT|MERGE|UPSERT|ALTER|TRUNCATE|GRANT|REVOKE|ATTACH|DETACH|PRAGMA|VACUUM|REINDEX)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SqlStart();

    [GeneratedRegex(@"[\p{L}\p{N}']+", RegexOptions.CultureInvariant)]
    private static partial Regex Words();
}
