namespace NlQuery.Linking;

/// <summary>
/// The few Python <c>str</c> behaviours that PICARD's serialiser and BRIDGE's matcher rely on. They differ from .NET's
/// in small ways (which characters are whitespace, what <c>float()</c> accepts) and those differences change the model
/// input, so they are spelled out here once.
/// </summary>
internal static class PythonText
{
    /// <summary>Python's <c>str.isspace</c> for one UTF-16 unit: .NET's whitespace plus the four separators U+001C..U+001F.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\u001c' and <= '\u001f';

    /// <summary>Python's <c>str.strip()</c> with no arguments.</summary>
    public static string Strip(string s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && IsSpace(s[start]))
            start++;
        while (end > start && IsSpace(s[end - 1]))
            end--;
        return start == 0 && end == s.Length ? s : s[start..end];
    }

    /// <summary>Python's <c>str.split()</c> with no arguments: runs of whitespace separate, empty parts are dropped.</summary>
    public static List<string> SplitOnWhitespace(string s)
    {
        var parts = new List<string>();
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && IsSpace(s[i]))
                i++;
            var start = i;
            while (i < s.Length && !IsSpace(s[i]))
                i++;
            if (i > start)
                parts.Add(s[start..i]);
        }
        return parts;
    }

    /// <summary>
    /// Python's <c>str.lower()</c>, as far as .NET's invariant simple case mapping goes (Python's special cases, such as
    /// U+0130 and the final sigma, do not occur in the data we reproduce).
    /// </summary>
    public static string Lower(string s) => s.ToLowerInvariant();

    public static char Lower(char c) => char.ToLowerInvariant(c);

    /// <summary>Python's <c>str.isupper()</c>: at least one cased character, and no lower- or title-case one.</summary>
    public static bool IsUpper(string s)
    {
        var cased = false;
        foreach (var c in s)
        {
            if (char.IsLower(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.TitlecaseLetter)
                return false;
            if (char.IsUpper(c))
                cased = true;
        }
        return cased;
    }

    /// <summary>
    /// Whether Python's <c>float(s)</c> succeeds: surrounding whitespace, an optional sign, then <c>inf</c>,
    /// <c>infinity</c>, <c>nan</c> (any case) or a decimal number whose digit groups may be joined by single underscores,
    /// with an optional exponent.
    /// </summary>
    public static bool IsFloat(string s)
    {
        var text = Strip(s).AsSpan();
        if (text.Length > 0 && text[0] is '+' or '-')
            text = text[1..];
        if (text.Equals("inf", StringComparison.OrdinalIgnoreCase) || text.Equals("infinity", StringComparison.OrdinalIgnoreCase)
            || text.Equals("nan", StringComparison.OrdinalIgnoreCase))
            return true;

        var i = 0;
        var integerDigits = DigitPart(text, ref i);
        var fractionDigits = false;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            fractionDigits = DigitPart(text, ref i);
        }
        if (!integerDigits && !fractionDigits)
            return false;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
                i++;
            if (!DigitPart(text, ref i))
                return false;
        }
        return i == text.Length;
    }

    // digit ("_"? digit)*: an underscore must sit between two digits.
    private static bool DigitPart(ReadOnlySpan<char> text, ref int i)
    {
        if (i >= text.Length || !char.IsDigit(text[i]))
            return false;
        i++;
        while (i < text.Length)
        {
            if (char.IsDigit(text[i]))
                i++;
            else if (text[i] == '_' && i + 1 < text.Length && char.IsDigit(text[i + 1]))
                i += 2;
            else
                break;
        }
        return true;
    }

    /// <summary>Python's slice <c>s[start:end]</c> for non-negative bounds: out-of-range bounds are clamped, never thrown.</summary>
    public static string Slice(string s, int start, int end)
    {
        start = Math.Clamp(start, 0, s.Length);
        end = Math.Clamp(end, 0, s.Length);
        return end > start ? s[start..end] : "";
    }
}
