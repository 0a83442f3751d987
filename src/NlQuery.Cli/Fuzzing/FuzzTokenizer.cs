namespace NlQuery.Cli.Fuzzing;

/// <summary>
/// A deliberately simple splitter of SQL into rough tokens for mutation (words, numbers, quoted runs, operators,
/// punctuation). It is not the parser's lexer on purpose: mutations should not inherit the parser's own view.
/// </summary>
internal static class FuzzTokenizer
{
    public static List<string> Split(string sql)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                // A word runs over letters, digits and underscores; a dot stays inside only as a decimal point.
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_'
                                          || (sql[i] == '.' && char.IsDigit(sql[i - 1]) && i + 1 < sql.Length && char.IsDigit(sql[i + 1]))))
                    i++;
            }
            else if (c is '\'' or '"' or '`' or '[')
            {
                var close = c == '[' ? ']' : c;
                i++;
                while (i < sql.Length && sql[i] != close)
                    i++;
                i = Math.Min(i + 1, sql.Length);
            }
            else if (i + 1 < sql.Length && sql.AsSpan(i, 2) is "<=" or ">=" or "!=" or "<>" or "||" or "==")
            {
                i += 2;
            }
            else
            {
                i++;
            }
            tokens.Add(sql[start..i]);
        }
        return tokens;
    }
}
