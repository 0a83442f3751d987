using System.Text.RegularExpressions;

namespace NlQuery;

/// <summary>
/// Whether a question is not English, checked before any model runs so that such a question is refused with that
/// reason instead of getting an uncertain answer to something else. Two cheap rules, tuned to never fire on English:
/// <list type="number">
/// <item>more than a third of the letters are outside the Latin script (Chinese, Japanese, Cyrillic, Arabic, …): an
/// English question naming "王菲" still has mostly Latin letters;</item>
/// <item>at least two words of French, Spanish, German, Italian, Portuguese or Dutch evidence (their function words,
/// or lower-case words with letters such as é, ñ, ß) and more than twice as many as English function words.
/// Quoted text and capitalised words inside the sentence are names and do not count ("José", "La Paz", "Die Zeit").</item>
/// </list>
/// On every question of Spider train and dev and of SParC and CoSQL dev it fires on none (a test checks it).
/// No language-detection package: none is on the package list, and two word lists are enough for this.
/// </summary>
internal static partial class QuestionLanguage
{
    private static readonly HashSet<string> English = new(
        """
        the a an of to in on at for with by from and or not no is are was were be been has have had do does did
        what which who whom whose where when how many much why list show find give return count tell display get
        all each every any some that this these those than more most less least number name names their its his her
        there them they it only both between order sorted descending ascending average total sum maximum minimum
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    // Words that are also English (IsEnglishToo: "die", "son", "per", "van", …) are left out: they would be evidence both ways.
    private static readonly HashSet<string> Foreign = new(
        """
        combien quels quelles quel quelle les des est sont qui dans avec pour sur une aux ont leur leurs tous toutes
        chaque plus moins nombre donne donnez affiche affichez montre montrez liste listez trouve trouvez parmi ceux celles
        dont où été avons avez il elle ils elles y du au ce cette ces lequel laquelle de la le à habitent vivent nom
        cuántos cuántas cuantos cuantas cuál cuáles cual cuales qué quién quiénes dónde los las hay del con por para
        está están tiene tienen todos todas cada más menos muestra muestre muéstrame dame encuentra el una unos unas
        ellos sus cuyo clientes viven
        wie viele welche welcher welches sind gibt es der das den dem des und mit für von ist hat haben alle jeden jede
        zeige zeig finde gib mehr als nicht ein eine einen wer wo wann kunden wohnen
        quanti quante quale quali sono della delle degli dei nel nella per tutti tutte ogni mostra mostrami elenca trova
        dammi più che il gli è ha hanno chi dove ci clienti vivono nome
        quantos quantas qual quais são estão tem têm mostre encontre dê mais os as um uma do da dos das na nos nas
        pelo pela quem onde em é existem existe moram
        hoeveel welke zijn er het een van voor elke toon geef vind lijst meer dan niet waar wat heeft hebben naam klanten wonen
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(w => !IsEnglishToo(w)), StringComparer.Ordinal);

    private static bool IsEnglishToo(string word) => word is "a" or "as" or "die" or "son" or "men" or "me" or "has" or "in" or "is" or "no" or "do" or "per" or "hat" or "van" or "plus" or "dont";

    public static bool LooksNotEnglish(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        int letters = 0, nonLatin = 0;
        foreach (var c in question)
        {
            if (!char.IsLetter(c))
                continue;
            letters++;
            // Letters outside Latin scripts: U+0250 and above, bar the Latin Extended Additional block (Vietnamese, …).
            if (c >= '\u0250' && c is < '\u1E00' or > '\u1EFF')
                nonLatin++;
        }
        if (letters == 0)
            return false;
        if (nonLatin * 3 > letters)
            return true;
        int foreign = 0, english = 0, position = 0;
        foreach (Match match in Word().Matches(Quoted().Replace(question, " ")))
        {
            var word = match.Value;
            var lower = word.ToLowerInvariant();
            if (English.Contains(lower))
                english++;
            // A capitalised word after the first is a name (Le Mans, José), not evidence of the language.
            if ((position++ == 0 || word == lower) && (Foreign.Contains(lower) || lower.Any(IsForeignLetter)))
                foreign++;
        }
        return foreign >= 2 && foreign > 2 * english;
    }

    private static bool IsForeignLetter(char c) => "éèêàâçñüöäßãõíóúáìòùœ".Contains(c);

    [GeneratedRegex(@"\p{L}+(?:['’]\p{L}+)?")]
    private static partial Regex Word();

    [GeneratedRegex("'[^']*'|\"[^\"]*\"|“[^”]*”|«[^»]*»")]
    private static partial Regex Quoted();
}
