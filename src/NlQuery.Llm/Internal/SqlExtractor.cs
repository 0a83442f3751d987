using System.Text.RegularExpressions;

namespace NlQuery.Llm.Internal;

/// <summary>
/// Finds the SQL statement in a chat reply: the content of a fenced code block (one marked <c>sql</c> first), else the
/// text from the first statement keyword to the end of the statement (a semicolon or a blank line), so that prose
/// around the SQL ("Here is the query: …") does not reach the parser. Any statement is found, not only SELECT: the
/// parser, not the extractor, decides what may run, and its message is what the model is told.
/// </summary>
internal static partial class SqlExtractor
{
    /// <summary>The SQL in <paramref name="reply"/>, trimmed and without a final semicolon; null when there is none.</summary>
    public static string? Extract(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var blocks = Fence().Matches(reply);
        if (blocks.Count > 0)
        {
            var chosen = blocks.FirstOrDefault(b => b.Groups["lang"].Value.Equals("sql", StringComparison.OrdinalIgnoreCase))
                         ?? blocks.FirstOrDefault(b => Keyword().IsMatch(b.Groups["body"].Value))
                         ?? blocks[0];
            return Clean(chosen.Groups["body"].Value);
        }
        var start = Keyword().Match(reply);
        if (!start.Success)
            return null;
        var rest = reply[start.Index..];
        var blankLine = BlankLine().Match(rest);
        if (blankLine.Success)
            rest = rest[..blankLine.Index];
        return Clean(rest);
    }

    private static string? Clean(string text)
    {
        var sql = text.Trim().Trim('`').Trim();
        // One statement: what follows its semicolon is prose or another statement, neither of which is the answer.
        var semicolon = FirstSemicolonOutsideQuotes(sql);
        if (semicolon >= 0)
            sql = sql[..semicolon].TrimEnd();
        return sql.Length == 0 ? null : sql;
    }

    private static int FirstSemicolonOutsideQuotes(string sql)
    {
        char? quote = null;
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (quote is not null)
            {
                if (c == quote)
                    quote = null;
            }
            else if (c is '\'' or '"' or '`')
                quote = c;
            else if (c == ';')
                return i;
        }
        return -1;
    }

    [GeneratedRegex(@"```[ \t]*(?<lang>[A-Za-z0-9_+-]*)[^\n]*\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"\b(SELECT|WITH|INSERT|UPDATE|DELETE|DROP|CREATE|ALTER|TRUNCATE|REPLACE|MERGE|PRAGMA|ATTACH|EXEC|GRANT)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Keyword();

    [GeneratedRegex(@"\n[ \t]*\n")]
    private static partial Regex BlankLine();
}
