namespace NlQuery;

/// <summary>
/// A rough, documented guess at whether a question is English, used only to explain an abstention (never to refuse):
/// mostly non-Latin letters, or several common French/Spanish/German/Italian/Portuguese function words and no English ones.
/// </summary>
internal static class QuestionLanguage
{
    private static readonly HashSet<string> English =
    [
        "the", "of", "how", "many", "much", "what", "which", "who", "whose", "where", "when", "is", "are", "was", "were",
        "in", "for", "with", "by", "and", "show", "list", "give", "find", "all", "each", "every", "do", "does", "have", "has",
    ];

    private static readonly HashSet<string> Foreign =
    [
        "combien", "de", "du", "le", "la", "il", "y", "quels", "quelles", "quel", "quelle", "les", "des", "est", "sont", "qui", "dans", "avec", "pour",
        "cuántos", "cuántas", "cuantos", "cuantas", "cuáles", "los", "las", "hay", "del", "con", "por", "para", "son",
        "wie", "viele", "welche", "sind", "gibt", "es", "der", "die", "das", "und", "mit", "für", "kunden",
        "quanti", "quante", "quali", "sono", "della", "degli", "quantos", "quantas", "quais", "são", "clientes",
    ];

    public static bool LooksNotEnglish(string question)
    {
        var letters = question.Where(char.IsLetter).ToList();
        if (letters.Count == 0)
            return false;
        // Letters outside Latin scripts (CJK, Cyrillic, Arabic, …): U+0250 and above, bar the Latin Extended Additional block.
        var nonLatin = letters.Count(c => c >= '\u0250' && c is < '\u1E00' or > '\u1EFF');
        if (nonLatin * 3 > letters.Count)
            return true;
        var words = question.ToLowerInvariant().Split([' ', '\t', '?', '!', '.', ',', ';', ':', '\'', '"', '(', ')', '¿', '¡'],
            StringSplitOptions.RemoveEmptyEntries);
        return words.Count(Foreign.Contains) >= 2 && !words.Any(English.Contains);
    }
}
