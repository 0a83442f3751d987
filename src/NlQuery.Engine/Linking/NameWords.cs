using System.Text;

namespace NlQuery.Linking;

/// <summary>
/// Splits identifiers and questions into lower-case words: snake_case, camelCase, PascalCase, digits and any
/// punctuation all separate words, so <c>SongReleaseYear</c>, <c>song_release_year</c> and "song release year" agree.
/// </summary>
internal static class NameWords
{
    /// <summary>Words of an identifier or a question, lower-cased, in order.</summary>
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c))
            {
                // An apostrophe inside a word ("singer's", "don't") does not end it: drop the possessive instead.
                if (c is '\'' or '\u2019' && current.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]))
                {
                    if (i + 2 >= text.Length || !char.IsLetter(text[i + 2]))
                    {
                        i++; // "singer's" → "singer"
                        Flush(words, current);
                    }
                    continue;
                }
                Flush(words, current);
                continue;
            }
            if (current.Length > 0 && StartsNewWord(text, i))
                Flush(words, current);
            current.Append(char.ToLowerInvariant(c));
        }
        Flush(words, current);
        return words;
    }

    // camelCase ("songName"), acronym then word ("HTMLPage" → html, page), and letter/digit changes ("address2").
    private static bool StartsNewWord(string text, int i)
    {
        char previous = text[i - 1], c = text[i];
        if (!char.IsLetterOrDigit(previous))
            return false;
        if (char.IsDigit(c) != char.IsDigit(previous))
            return true;
        if (char.IsUpper(c) && char.IsLower(previous))
            return true;
        return char.IsUpper(c) && char.IsUpper(previous) && i + 1 < text.Length && char.IsLower(text[i + 1]);
    }

    private static void Flush(List<string> words, StringBuilder current)
    {
        if (current.Length == 0)
            return;
        words.Add(current.ToString());
        current.Clear();
    }
}
