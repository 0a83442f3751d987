using NlQuery.Schema;
using NlQuery.Sql;

namespace NlQuery.Benchmarks;

/// <summary>One 100–300-character prefix of a gold query, its parse state, and the candidate tokens to check against it.</summary>
public sealed record CandidatePrefix(string Prefix, ParseState State, SqlParser Parser, string[] Candidates);

/// <summary>
/// Builds a fixed, seeded set of prefix states and candidate tokens the way constrained decoding meets them: prefixes
/// of Spider dev gold queries that end where a token ends, parsed in Guards mode against their real databases, and
/// candidate tokens of 1–8 characters — the true next token (with its leading space, as a SentencePiece piece has)
/// plus keywords, punctuation, literals and names or name fragments of that database, most of which the parser
/// must reject.
/// </summary>
public static class CandidateSet
{
    public const int MinPrefix = 100;
    public const int MaxPrefix = 300;

    private static readonly string[] Common =
    [
        " FROM", " WHERE", " AND", " OR", " JOIN", " ON", " AS", " GROUP", " BY", " ORDER", " HAVING", " LIMIT", " DESC",
        " ASC", " NOT", " IN", " LIKE", " =", " >", " <", " !=", " >=", ",", " ,", ")", " )", " (", "(", " *", ".", " .",
        " T1", " T2", " T3", " count", " avg", " max", " sum", " 1", " 3", " '", " \"", " SELECT", " UNION", " EXCEPT",
        " DISTINCT", " BETWEEN", " IS", " NULL", "_id", "s", "ed", " ;", " INTERSE",
    ];

    public static List<CandidatePrefix> Build(int prefixes, int candidatesPerPrefix, int seed = 1)
    {
        var random = new Random(seed);
        var gold = SpiderBenchmarkData.DevGold();
        var parsers = new Dictionary<DatabaseSchema, SqlParser>(ReferenceEqualityComparer.Instance);
        var result = new List<CandidatePrefix>(prefixes);
        foreach (var index in Enumerable.Range(0, gold.Count).OrderBy(_ => random.Next()))
        {
            if (result.Count == prefixes)
                break;
            var (sql, schema) = gold[index];
            if (sql.Length <= MinPrefix)
                continue;
            if (!parsers.TryGetValue(schema, out var parser))
                parsers[schema] = parser = new SqlParser(SqlDialect.Sqlite, ParseMode.Guards, schema);
            if (parser.Parse(sql).Status != ParseStatus.Complete)
                continue;
            var ends = TokenEnds(sql).Where(e => e is >= MinPrefix and <= MaxPrefix && e < sql.Length).ToList();
            if (ends.Count == 0)
                continue;
            var end = ends[random.Next(ends.Count)];
            var prefix = sql[..end];
            var parsed = parser.Parse(prefix);
            if (parsed.State is null)
                continue;
            result.Add(new CandidatePrefix(prefix, parsed.State, parser, Candidates(sql, end, schema, candidatesPerPrefix, random)));
        }
        if (result.Count < prefixes)
            throw new InvalidOperationException($"Only {result.Count} of {prefixes} prefixes could be built from Spider's dev gold queries.");
        return result;
    }

    private static string[] Candidates(string sql, int end, DatabaseSchema schema, int count, Random random)
    {
        var next = NextToken(sql, end);
        var names = schema.Tables.SelectMany(t => t.Columns.Select(c => c.Name).Prepend(t.Name)).ToList();
        var candidates = new List<string> { next };
        while (candidates.Count < count)
        {
            var candidate = random.Next(3) switch
            {
                0 => " " + names[random.Next(names.Count)],
                1 => names[random.Next(names.Count)],
                _ => Common[random.Next(Common.Length)],
            };
            candidate = candidate[..Math.Min(candidate.Length, 1 + random.Next(8))];
            if (candidate.Length > 0)
                candidates.Add(candidate);
        }
        return [.. candidates];
    }

    /// <summary>The gold text after <paramref name="end"/> up to the end of the next token, at most 8 characters.</summary>
    private static string NextToken(string sql, int end)
    {
        var next = TokenEnds(sql).First(e => e > end);
        return sql.Substring(end, Math.Min(next - end, 8));
    }

    /// <summary>Offsets where a rough token ends: words, numbers, quoted runs, operators and single punctuation.</summary>
    private static IEnumerable<int> TokenEnds(string sql)
    {
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_'))
                    i++;
            }
            else if (c is '\'' or '"' or '`')
            {
                i = sql.IndexOf(c, i + 1) is var close and >= 0 ? close + 1 : sql.Length;
            }
            else
            {
                i += i + 1 < sql.Length && sql.AsSpan(i, 2) is "<=" or ">=" or "!=" or "<>" ? 2 : 1;
            }
            yield return i;
        }
    }
}
