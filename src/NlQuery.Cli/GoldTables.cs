using System.Text.RegularExpressions;
using NlQuery.Schema;

namespace NlQuery.Cli;

/// <summary>
/// The tables a SQL query reads, found by a scan of its text: the names after FROM and JOIN (and after commas in a
/// FROM list), subqueries included, kept when the schema has such a table. Enough for Spider's gold SQL; not a parser.
/// </summary>
internal static partial class GoldTables
{
    public static string[] FromSql(string sql, DatabaseSchema schema)
    {
        var tokens = Token().Matches(sql).Select(m => m.Value).ToList();
        var found = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!IsKeyword(tokens[i], "from") && !IsKeyword(tokens[i], "join"))
                continue;
            var at = i + 1;
            while (at < tokens.Count)
            {
                var name = tokens[at].Trim('`', '"', '[', ']');
                if (schema.FindTable(name) is not { } table)
                    break;
                if (!found.Contains(table.Name, StringComparer.OrdinalIgnoreCase))
                    found.Add(table.Name);
                at++;
                // Skip an alias ("AS t1" or "t1"), then go on after a comma.
                if (at < tokens.Count && IsKeyword(tokens[at], "as"))
                    at += 2;
                else if (at < tokens.Count && char.IsLetter(tokens[at][0]) && !IsClauseWord(tokens[at]))
                    at++;
                if (at < tokens.Count && tokens[at] == ",")
                    at++;
                else
                    break;
            }
        }
        return found.ToArray();
    }

    private static bool IsKeyword(string token, string keyword) => token.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    private static bool IsClauseWord(string token) => token.ToLowerInvariant() is "where" or "join" or "on" or "group" or "order"
        or "limit" or "having" or "union" or "intersect" or "except" or "inner" or "left" or "right" or "outer" or "cross" or "natural";

    [GeneratedRegex("""'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|\w+|[^\s\w]""")]
    private static partial Regex Token();
}
