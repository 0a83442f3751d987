using System.Text;

namespace NlQuery;

/// <summary>
/// User text echoed back to a terminal (questions in messages, and in nlq's :why, :history, :fix): control characters,
/// escape sequences included, are written as <c>\u001B</c>-style escapes, so that a pasted question cannot move the
/// cursor, recolour or retitle the user's terminal. The one rule for what counts as such a character.
/// </summary>
internal static class EchoText
{
    public static string Escape(string text) => Escape(text, keepLineBreaks: false);

    /// <summary>An error message for stderr: as <see cref="Escape(string)"/>, but a message's own line breaks and tabs stay.</summary>
    public static string EscapeMessage(string text) => Escape(text, keepLineBreaks: true);

    private static string Escape(string text, bool keepLineBreaks)
    {
        bool Escapes(char c) => IsControl(c) && !(keepLineBreaks && c is '\n' or '\t');
        if (!text.Any(Escapes))
            return text;
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (Escapes(c))
                escaped.Append($"\\u{(int)c:X4}");
            else
                escaped.Append(c);
        }
        return escaped.ToString();
    }

    // Bidirectional overrides and line separators reorder or break what the terminal shows just as control codes do.
    private static bool IsControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E');
}
