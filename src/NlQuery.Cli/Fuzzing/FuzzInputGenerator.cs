using System.Text;
using NlQuery.Schema;
using NlQuery.Sql;

namespace NlQuery.Cli.Fuzzing;

/// <summary>
/// Makes fuzz inputs: valid seed queries mutated at the token and character level (names swapped or misspelled,
/// tokens dropped, duplicated, moved or replaced, clauses spliced from other queries, truncation), and soups of
/// random tokens and characters, including the text that trips lexers (unterminated quotes and comments, lone
/// surrogates, control characters, deep nesting). Deterministic for a given <see cref="Random"/> seed.
/// </summary>
internal sealed class FuzzInputGenerator
{
    private static readonly string[] Keywords =
    [
        "SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING", "LIMIT", "OFFSET", "JOIN", "ON", "AS", "AND", "OR",
        "NOT", "IN", "EXISTS", "LIKE", "BETWEEN", "IS", "NULL", "DISTINCT", "UNION", "INTERSECT", "EXCEPT", "ALL", "ASC",
        "DESC", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "LEFT", "INNER", "CROSS", "OUTER", "WITH", "TOP", "FETCH",
        "NEXT", "ROWS", "ONLY", "USING", "count", "sum", "avg", "min", "max", "lower", "upper", "length", "substr", "abs",
        "round", "coalesce", "ifnull", "date", "strftime", "real", "integer", "text",
        // Never valid in a read-only statement: the parser must reject them wherever they appear.
        "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "DROP", "TABLE", "CREATE", "PRAGMA", "ATTACH", "BEGIN", "COMMIT",
    ];

    private static readonly string[] Punctuation =
    [
        ",", "(", ")", ".", "*", ";", "=", "<", ">", "<=", ">=", "!=", "<>", "==", "+", "-", "/", "%", "||", "?", ":", "@", "$",
    ];

    private static readonly string[] Literals =
    [
        "1", "0", "42", "3.5", ".5", "1e10", "1E-3", "0x1F", "-7", "99999999999999999999999", "'x'", "'O''Brien'", "''",
        "'%a%'", "\"quoted\"", "[bracketed name]", "`back`", "N'unicode'", "'2014-01-01'", "T1", "T2", "T3", "T4", "t",
        "x1", "_a", "\"\"", "[]",
    ];

    // Text that stresses lexers and recovery: unterminated literals and comments, odd characters, huge tokens.
    private static readonly string[] Hazards =
    [
        "'", "\"", "[", "]", "`", "/*", "*/", "--", "-- c\n", "/* c */", "\0", "\t", "\n", "\r\n", "\u00e9", "\u00a0",
        "\u200b", "\uD83D\uDE00", "\uD800", "\uDC00", "\uFFFF", "\\", "#", "{", "}", "^", "&", "|", "~", "!", "0x",
        "1.", "1e", "1e+", "..", "'unterminated", "\"unterminated", "[unterminated", new string('a', 300),
        new string('9', 200), "ｓｅｌｅｃｔ",
    ];

    private readonly IReadOnlyList<FuzzSeed> _seeds;
    private readonly Random _random;
    private readonly Dictionary<DatabaseSchema, string[]> _names = new(ReferenceEqualityComparer.Instance);

    public FuzzInputGenerator(IReadOnlyList<FuzzSeed> seeds, Random random)
    {
        if (seeds.Count == 0)
            throw new ArgumentException("The fuzzer needs at least one seed query.", nameof(seeds));
        _seeds = seeds;
        _random = random;
    }

    public FuzzInput Next()
    {
        var seed = _seeds[_random.Next(_seeds.Count)];
        var roll = _random.Next(100);
        var (text, kind) = roll switch
        {
            < 5 => (seed.Sql, "seed"),
            < 50 => (MutateTokens(seed), "token-mutation"),
            < 65 => (MutateCharacters(seed.Sql), "char-mutation"),
            < 72 => (Splice(seed), "splice"),
            < 77 => (Truncate(seed.Sql), "truncation"),
            < 80 => (Nest(seed.Sql), "nesting"),
            < 92 => (TokenSoup(seed.Schema), "token-soup"),
            _ => (CharacterSoup(), "char-soup"),
        };
        var mode = _random.Next(100) switch
        {
            < 60 => ParseMode.Guards,
            < 85 => ParseMode.Grammar,
            _ => ParseMode.Lex,
        };
        var dialect = _random.Next(10) switch
        {
            < 6 => SqlDialect.Sqlite,
            < 8 => SqlDialect.TSql,
            _ => SqlDialect.PostgreSql,
        };
        return new FuzzInput(text, seed, dialect, mode, kind);
    }

    /// <summary>A random piece of text to extend a state with when checking that extending leaves the state alone.</summary>
    public string RandomChunk(DatabaseSchema schema) => _random.Next(3) switch
    {
        0 => " " + RandomToken(schema),
        1 => RandomToken(schema),
        _ => ((char)_random.Next(32, 127)).ToString(),
    };

    private string MutateTokens(FuzzSeed seed)
    {
        var tokens = FuzzTokenizer.Split(seed.Sql);
        var mutations = 1 + _random.Next(3);
        for (var m = 0; m < mutations && tokens.Count > 0; m++)
        {
            var i = _random.Next(tokens.Count);
            switch (_random.Next(9))
            {
                case 0: // drop a token
                    tokens.RemoveAt(i);
                    break;
                case 1: // duplicate a token
                    tokens.Insert(i, tokens[i]);
                    break;
                case 2: // swap neighbours
                    if (i + 1 < tokens.Count)
                        (tokens[i], tokens[i + 1]) = (tokens[i + 1], tokens[i]);
                    break;
                case 3: // swap two tokens anywhere (wrong clause order, names in the wrong place)
                    var j = _random.Next(tokens.Count);
                    (tokens[i], tokens[j]) = (tokens[j], tokens[i]);
                    break;
                case 4: // replace with another token: keyword, name of the schema, punctuation, literal
                    tokens[i] = RandomToken(seed.Schema);
                    break;
                case 5: // insert a token
                    tokens.Insert(i, RandomToken(seed.Schema));
                    break;
                case 6: // misspell
                    tokens[i] = MutateCharacters(tokens[i]);
                    break;
                case 7: // change case
                    tokens[i] = _random.Next(2) == 0 ? tokens[i].ToUpperInvariant() : tokens[i].ToLowerInvariant();
                    break;
                default: // move a run of tokens elsewhere (a clause out of order)
                    var length = Math.Min(1 + _random.Next(6), tokens.Count - i);
                    var run = tokens.GetRange(i, length);
                    tokens.RemoveRange(i, length);
                    tokens.InsertRange(_random.Next(tokens.Count + 1), run);
                    break;
            }
        }
        return Join(tokens);
    }

    private string MutateCharacters(string text)
    {
        var builder = new StringBuilder(text);
        var mutations = 1 + _random.Next(3);
        for (var m = 0; m < mutations; m++)
        {
            var i = _random.Next(builder.Length + 1);
            switch (_random.Next(4))
            {
                case 0 when builder.Length > 0 && i < builder.Length:
                    builder.Remove(i, 1);
                    break;
                case 1 when i < builder.Length:
                    builder[i] = RandomCharacter();
                    break;
                case 2:
                    builder.Insert(i, Pick(Hazards));
                    break;
                default:
                    builder.Insert(i, RandomCharacter());
                    break;
            }
        }
        return builder.ToString();
    }

    private string Splice(FuzzSeed seed)
    {
        var other = _seeds[_random.Next(_seeds.Count)].Sql;
        var cut = _random.Next(seed.Sql.Length + 1);
        var from = _random.Next(other.Length + 1);
        return _random.Next(3) switch
        {
            0 => seed.Sql + " " + Pick(["UNION", "INTERSECT", "EXCEPT", "UNION ALL", ";"]) + " " + other,
            _ => seed.Sql[..cut] + other[from..],
        };
    }

    private string Truncate(string sql) => sql[.._random.Next(sql.Length + 1)];

    /// <summary>Deep nesting: parentheses and subqueries, for parsers that recurse or backtrack.</summary>
    private string Nest(string sql)
    {
        var depth = 1 + _random.Next(_random.Next(10) == 0 ? 400 : 30);
        return _random.Next(3) switch
        {
            0 => new StringBuilder().Insert(0, "SELECT * FROM (", depth).Append(sql).Append(')', _random.Next(depth + 2)).ToString(),
            1 => "SELECT " + new string('(', depth) + "1" + new string(')', _random.Next(depth + 2)) + " FROM singer",
            _ => sql + new StringBuilder().Insert(0, " AND x IN (SELECT x FROM t WHERE x IN (", _random.Next(depth)).ToString(),
        };
    }

    private string TokenSoup(DatabaseSchema schema)
    {
        var count = 1 + _random.Next(40);
        var tokens = new List<string>(count);
        if (_random.Next(2) == 0)
            tokens.Add("SELECT");
        for (var i = 0; i < count; i++)
            tokens.Add(RandomToken(schema));
        return Join(tokens);
    }

    private string CharacterSoup()
    {
        var count = _random.Next(80);
        var builder = new StringBuilder(count);
        for (var i = 0; i < count; i++)
            builder.Append(RandomCharacter());
        return builder.ToString();
    }

    private string RandomToken(DatabaseSchema schema) => _random.Next(10) switch
    {
        < 3 => Pick(Keywords),
        < 6 => Pick(NamesOf(schema)),
        < 8 => Pick(Punctuation),
        < 9 => Pick(Literals),
        _ => Pick(Hazards),
    };

    private char RandomCharacter() => _random.Next(10) switch
    {
        < 6 => (char)_random.Next(32, 127),
        < 7 => Pick(" ,().*'\"[]`;-/".ToCharArray()),
        < 8 => (char)_random.Next(0, 32),
        < 9 => (char)_random.Next(0xD800, 0xE000),
        _ => (char)_random.Next(127, 0x10000),
    };

    /// <summary>Table and column names as SQL would write them: bare, quoted where needed, and qualified.</summary>
    private string[] NamesOf(DatabaseSchema schema)
    {
        if (_names.TryGetValue(schema, out var names))
            return names;
        var list = new List<string>();
        foreach (var table in schema.Tables)
        {
            list.Add(Quote(table.Name));
            foreach (var column in table.Columns)
            {
                list.Add(Quote(column.Name));
                list.Add(Quote(table.Name) + "." + Quote(column.Name));
                list.Add("T1." + Quote(column.Name));
            }
        }
        names = list.Count > 0 ? [.. list] : ["x"];
        _names[schema] = names;
        return names;
    }

    private static string Quote(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0]) ? name : "\"" + name.Replace("\"", "\"\"") + "\"";

    private string Join(List<string> tokens)
    {
        var builder = new StringBuilder();
        foreach (var token in tokens)
        {
            // Mostly spaced as Spider writes SQL, sometimes glued, to exercise token boundaries.
            if (builder.Length > 0 && _random.Next(8) != 0)
                builder.Append(' ');
            builder.Append(token);
        }
        return builder.ToString();
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
