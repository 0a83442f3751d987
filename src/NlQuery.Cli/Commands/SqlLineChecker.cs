using NlQuery.Sql;

namespace NlQuery.Cli.Commands;

/// <summary>
/// The verdict <c>nlq sql check</c> prints for one input line: <c>complete</c>, <c>partial</c> or
/// <c>invalid: reason</c>, always exactly one line.
/// </summary>
internal static class SqlLineChecker
{
    public const string EmptyStatement = "invalid: empty statement";

    public static string Check(SqlParser parser, string sql, bool everyPrefix)
    {
        if (string.IsNullOrWhiteSpace(sql))
            return EmptyStatement;
        return everyPrefix ? CheckEveryPrefix(parser, sql) : Describe(parser.Parse(sql));
    }

    /// <summary>
    /// Feeds the statement one character at a time, as a decoder's beam would, so each prefix is judged by the state
    /// of the prefix before it. The offset printed is the length of the shortest rejected prefix. A surrogate pair is
    /// one character: a boundary between its halves is not a character boundary.
    /// </summary>
    private static string CheckEveryPrefix(SqlParser parser, string sql)
    {
        var state = parser.Start;
        var offset = 0;
        while (offset < sql.Length)
        {
            var step = char.IsHighSurrogate(sql[offset]) && offset + 1 < sql.Length && char.IsLowSurrogate(sql[offset + 1]) ? 2 : 1;
            var result = state.Extend(sql.AsSpan(offset, step));
            offset += step;
            if (result.Status == ParseStatus.Invalid)
                return $"invalid: prefix at {offset}: {OneLine(result.Error)}";
            state = result.State!;
        }
        return state.IsComplete ? "complete" : "partial";
    }

    private static string Describe(ParseResult result) => result.Status switch
    {
        ParseStatus.Complete => "complete",
        ParseStatus.Partial => "partial",
        _ => $"invalid: {OneLine(result.Error)}",
    };

    /// <summary>One output line per input line is the contract, whatever a reason quotes.</summary>
    public static string OneLine(string? text) =>
        string.IsNullOrEmpty(text) ? "(no reason given)" : text.ReplaceLineEndings(" ");
}
