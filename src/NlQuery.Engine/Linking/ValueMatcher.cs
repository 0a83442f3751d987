namespace NlQuery.Linking;

/// <summary>
/// BRIDGE's database-content matcher, as PICARD runs it: for each value of a column it finds the longest substring
/// the value shares with the question, widens that to the question's surrounding word, and scores the pair.
/// A value is kept when the score reaches the threshold; each column lists its best values.
/// </summary>
/// <remarks>
/// The rules, in order (each is covered by a unit test):
/// <list type="number">
/// <item>both texts are compared lower-cased and stripped, character by character;</item>
/// <item>the shared substring must be non-empty, and the question span around it (widened to separators
/// <c>' " ( ) ` , . ? !</c> and space: the part must start a word, and its word may run on by at most two characters) longer than one character;</item>
/// <item>a shared part that is a number (Python <c>float()</c> after removing commas) or "id" is ignored;
/// one where the shared part, the question span or the value is an English stop word is ignored;</item>
/// <item>score: 1 when the span ends with the shared part plus "'s"; else the fuzzy ratio of value and span when
/// their first non-separator characters agree; else 0;</item>
/// <item>"no", "yes" and "many" only match exactly (score 1);</item>
/// <item>a value with the score below the threshold is dropped; an all-upper-case value must match exactly;</item>
/// <item>values sharing the same matched part keep one entry (the later value wins, the earlier position stays);</item>
/// <item>ranked by <see cref="ValueMatch.RankKey"/>; in a column whose name contains "name" only exact matches count;
/// <c>sqlite_sequence</c> never lists values; at most <see cref="ValueMatcherOptions.MaxValuesPerColumn"/> per column.</item>
/// </list>
/// </remarks>
public sealed class ValueMatcher
{
    // The stop words BRIDGE uses: NLTK's English list without "no" (which BRIDGE treats as a common word instead).
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "you're", "you've", "you'll", "you'd", "your",
        "yours", "yourself", "yourselves", "he", "him", "his", "himself", "she", "she's", "her", "hers", "herself", "it",
        "it's", "its", "itself", "they", "them", "their", "theirs", "themselves", "what", "which", "who", "whom", "this",
        "that", "that'll", "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had",
        "having", "do", "does", "did", "doing", "a", "an", "the", "and", "but", "if", "or", "because", "as", "until",
        "while", "of", "at", "by", "for", "with", "about", "against", "between", "into", "through", "during", "before",
        "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over", "under", "again",
        "further", "then", "once", "here", "there", "when", "where", "why", "how", "all", "any", "both", "each", "few",
        "more", "most", "other", "some", "such", "nor", "not", "only", "own", "same", "so", "than", "too", "very",
        "s", "t", "can", "will", "just", "don", "don't", "should", "should've", "now", "d", "ll", "m", "o", "re", "ve",
        "y", "ain", "aren", "aren't", "couldn", "couldn't", "didn", "didn't", "doesn", "doesn't", "hadn", "hadn't",
        "hasn", "hasn't", "haven", "haven't", "isn", "isn't", "ma", "mightn", "mightn't", "mustn", "mustn't", "needn",
        "needn't", "shan", "shan't", "shouldn", "shouldn't", "wasn", "wasn't", "weren", "weren't", "won", "won't",
        "wouldn", "wouldn't",
    };

    // Words too common to match loosely: they only count when the match is exact.
    private static readonly HashSet<string> CommonWords = new(StringComparer.Ordinal) { "no", "yes", "many" };

    public ValueMatcher(ValueMatcherOptions? options = null)
    {
        Options = options ?? ValueMatcherOptions.Default;
        Options.Validate();
    }

    public static ValueMatcher Default { get; } = new();

    public ValueMatcherOptions Options { get; }

    /// <summary>Tests turn the prefilters off to check that they never change a result.</summary>
    internal bool UsePrefilters { get; init; } = true;

    /// <summary>Every value of <paramref name="values"/> that <paramref name="question"/> matches, best first.</summary>
    public IReadOnlyList<ValueMatch> FindMatches(string question, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(values);
        return Rank(new MatchableQuestion(question), new MatchableValues(values.Select(v => v ?? throw new ArgumentException("A value to match is null.", nameof(values)))));
    }

    /// <summary>The values the model input lists for <paramref name="column"/>: the best matches after the per-column rules.</summary>
    public IReadOnlyList<ValueMatch> SelectValues(string question, ColumnValues column)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(column);
        return Select(new MatchableQuestion(question), column);
    }

    internal IReadOnlyList<ValueMatch> Select(MatchableQuestion question, ColumnValues column) =>
        Select(Rank(question, column.Prepared), column.TableName, column.ColumnName);

    /// <summary>The per-column rules applied to ranked matches.</summary>
    internal IReadOnlyList<ValueMatch> Select(IReadOnlyList<ValueMatch> ranked, string tableName, string columnName)
    {
        // Spider's databases carry sqlite_sequence as an artefact; PICARD lists its columns but never its values.
        if (ranked.Count == 0 || tableName == "sqlite_sequence")
            return [];
        var selected = new List<ValueMatch>(Math.Min(ranked.Count, Options.MaxValuesPerColumn));
        foreach (var match in ranked)
        {
            if (selected.Count >= Options.MaxValuesPerColumn)
                break;
            // Names are too varied for near misses to help: only exact matches. Ordinal, as in PICARD ("Name" is exempt).
            if (columnName.Contains("name", StringComparison.Ordinal) && match.Score * match.Score < 1)
                continue;
            selected.Add(match);
        }
        return selected;
    }

    internal IReadOnlyList<ValueMatch> Rank(MatchableQuestion question, MatchableValues prepared)
    {
        var threshold = Options.Threshold;
        // Exact prefilters (see MatchableQuestion): they only skip values that cannot reach the threshold.
        var useBound = UsePrefilters && !question.MayScoreByPossessive && threshold > 0;
        var usePosition = useBound && !question.HasLeadingWhitespace && !question.HasOtherWhitespace;
        // LCS ≥ θ·|value|/(2−θ) is needed for a ratio ≥ θ; the margin keeps rounding on the safe side.
        var needFactor = threshold / (2 - threshold) * (1 - 1e-9);
        var windowFactor = (2 - threshold) / threshold;
        var scratch = new int[128];

        var entries = new List<ValueMatch>();
        Dictionary<string, int>? positionByMatchedText = null;
        var values = prepared.Values;
        var firstLetters = prepared.FirstLetters;
        for (var n = 0; n < values.Length; n++)
        {
            if (usePosition)
            {
                // Only values whose first letter starts a question word can match, and only if the characters
                // near such a word start supply enough of them.
                var first = firstLetters[n];
                if (!question.StartsSomeWord(first))
                    continue;
                var length = prepared.Lengths[n];
                var window = (int)Math.Min(int.MaxValue, Math.Floor(length * windowFactor + 1e-6));
                var from = prepared.CharacterStarts[n];
                var to = prepared.CharacterStarts[n + 1];
                if (!question.MaySupplyNearWordStart(prepared.Characters.AsSpan(from, to - from), prepared.Counts.AsSpan(from, to - from),
                        first, window, needFactor * length))
                    continue;
            }
            var value = values[n];
            if (value.Elements.Length == 0)
                continue;
            if (!usePosition && useBound && question.SharedCharacters(value.Normalized, scratch) < needFactor * value.Normalized.Length)
                continue;
            var match = Score(question, value, threshold);
            if (match is null)
                continue;
            // Entries are keyed by the matched part: a later value with the same part replaces the earlier one in place.
            positionByMatchedText ??= new Dictionary<string, int>(StringComparer.Ordinal);
            if (positionByMatchedText.TryGetValue(match.MatchedText, out var position))
            {
                entries[position] = match;
            }
            else
            {
                positionByMatchedText.Add(match.MatchedText, entries.Count);
                entries.Add(match);
            }
        }
        if (entries.Count <= 1)
            return entries;
        // Stable: equal keys keep their order.
        return entries.OrderByDescending(e => e.RankKey).ToList();
    }

    private static ValueMatch? Score(MatchableQuestion question, MatchableValue value, double threshold)
    {
        var block = LongestCommonSubstring.Find(question.Elements, value.Elements, value.Popular);
        if (block.Size == 0)
            return null;
        var span = QuestionSpan.Widen(question.Elements, block.A, block.A + block.Size);
        if (span is not { } s || s.Length <= 1)
            return null;

        // Indices refer to the stripped texts but are applied to the originals, as BRIDGE does.
        var matchedText = PythonText.Slice(value.Value, block.B, block.B + block.Size);
        var questionText = PythonText.Slice(question.Text, s.Start, s.Start + s.Length);
        var matched = PythonText.Strip(PythonText.Lower(matchedText));
        var spanText = PythonText.Strip(PythonText.Lower(questionText));
        var whole = value.Normalized;

        if (matched.Length == 0 || PythonText.IsFloat(matched.Replace(",", "", StringComparison.Ordinal)) || matched == "id")
            return null;
        if (StopWords.Contains(matched) || StopWords.Contains(spanText) || StopWords.Contains(whole))
            return null;

        double score;
        if (spanText.EndsWith(matched + "'s", StringComparison.Ordinal))
            score = 1.0;
        else if (QuestionSpan.StartsAlike(whole, spanText))
            score = FuzzyRatio.Compute(whole, spanText) / 100;
        else
            score = 0;

        if ((CommonWords.Contains(matched) || CommonWords.Contains(spanText) || CommonWords.Contains(whole)) && score < 1)
            return null;
        if (score < threshold)
            return null;
        if (PythonText.IsUpper(value.Value) && score * score < 1)
            return null;
        return new ValueMatch(value.Value, matchedText, questionText, score, block.Size);
    }
}
