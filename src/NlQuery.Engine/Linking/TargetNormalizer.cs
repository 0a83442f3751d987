using System.Text.RegularExpressions;

namespace NlQuery.Linking;

/// <summary>
/// PICARD's normalisation of target SQL: lower-case every word not touching a quote, collapse whitespace, and write
/// <c>a , b</c> as <c>a, b</c>. Quoted literals keep their case only where a quote touches the word: in
/// <c>'New York City'</c> the middle word is lower-cased, as in PICARD.
/// </summary>
public static partial class TargetNormalizer
{
    public static string Normalize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var lowered = WordNotTouchingQuote().Replace(sql, m => PythonText.Lower(m.Groups[1].Value));
        return string.Join(' ', PythonText.SplitOnWhitespace(lowered)).Replace(" , ", ", ", StringComparison.Ordinal);
    }

    [GeneratedRegex("""\b(?<!['"])(\w+)(?!['"])\b""", RegexOptions.CultureInvariant)]
    private static partial Regex WordNotTouchingQuote();
}
