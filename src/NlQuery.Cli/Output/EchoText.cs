using System.Text;

namespace NlQuery.Cli.Output;

/// <summary>
/// User text echoed back to a terminal (questions in :why, :history, :fix): control characters, escape sequences
/// included, are written as <c>\u001B</c>-style escapes, so that a pasted question cannot move the cursor, recolour
/// or retitle the user's terminal.
/// </summary>
internal static class EchoText
{
    public static string Escape(string text)
    {
        if (!text.Any(IsControl))
            return text;
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsControl(c))
                escaped.Append($"\\u{(int)c:X4}");
            else
                escaped.Append(c);
        }
        return escaped.ToString();
    }

    // Bidirectional overrides and line separators reorder or break what the terminal shows just as control codes do.
    private static bool IsControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E');
}
