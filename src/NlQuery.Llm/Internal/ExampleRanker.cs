using NlQuery.Linking;
using NlQuery.Translation;

namespace NlQuery.Llm.Internal;

/// <summary>
/// Picks the logged corrections whose questions are most like the new one, by the overlap of their words (Jaccard over
/// lower-cased word sets, stop words left out): a question about orders by country is best shown another question about orders or countries.
/// </summary>
internal static class ExampleRanker
{
    public static IReadOnlyList<TranslationExample> MostSimilar(IReadOnlyList<TranslationExample> examples, string question, int count)
    {
        if (count <= 0 || examples.Count == 0)
            return [];
        var words = Words(question);
        return examples
            .Select((example, index) => (example, index, similarity: Similarity(words, Words(example.Question))))
            .Where(e => e.similarity > 0)
            // The newest correction of equally similar ones: corrections made later fix earlier ones.
            .OrderByDescending(e => e.similarity).ThenByDescending(e => e.index)
            .DistinctBy(e => e.example.Question, StringComparer.OrdinalIgnoreCase)
            .Take(count)
            .Select(e => e.example)
            .ToList();
    }

    private static double Similarity(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
            return 0;
        var shared = a.Count(b.Contains);
        return shared / (double)(a.Count + b.Count - shared);
    }

    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0)
                start = i;
            else if (!letter && start >= 0)
            {
                var word = text[start..i].ToLowerInvariant();
                if (!StopWords.Contains(word))
                    words.Add(word);
                start = -1;
            }
        }
        return words;
    }
}
