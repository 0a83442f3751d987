using System.Text.RegularExpressions;
using NlQuery.Linking;

namespace NlQuery;

/// <summary>
/// How much to trust an answer, in [0, 1], from what is known when it is given. The weights below are a documented
/// first guess, not fitted; their reliability on Spider dev is in docs/accuracy.md (README, "Confidence"):
/// <list type="bullet">
/// <item>agreement: the softmax over the candidates' scores, summed over the candidates whose SQL is the answer's
/// (the same SQL from several beams supports it; beams that differ only in a value do not, since the value is then
/// what the model is unsure of: on Spider dev, merging them made 0.9+ confidences right only 40 % of the time);</item>
/// <item>fluency: <c>exp(score)</c> of the answer, the geometric mean of its tokens' probabilities;</item>
/// <item>verdicts: each higher-ranked candidate that the parser or the database rejected multiplies by 0.75;</item>
/// <item>literals: a string literal the database's value index does not hold (a value the data does not contain, as
/// 'red jeans' in a shop without it) multiplies by 0.25.</item>
/// </list>
/// The result is <c>sqrt(agreement × fluency) × verdicts × literals</c>.
/// </summary>
public static partial class AnswerConfidence
{
    public const double RejectedBeforeFactor = 0.75;
    public const double MissingLiteralFactor = 0.25;

    /// <param name="scores">Every candidate's score, best first (those tried and those not).</param>
    /// <param name="sqls">The candidates' SQL, in the same order.</param>
    /// <param name="answerIndex">Which candidate answered.</param>
    /// <param name="rejectedBefore">Candidates ranked above the answer that the parser or the database rejected.</param>
    /// <param name="values">The database's value index; null when values are not indexed (no literal check).</param>
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<string> sqls, int answerIndex, int rejectedBefore, ValueIndex? values)
    {
        var max = scores.Max();
        var weights = scores.Select(s => Math.Exp(s - max)).ToList();
        var total = weights.Sum();
        var agreement = Enumerable.Range(0, scores.Count).Where(i => i == answerIndex || sqls[i] == sqls[answerIndex]).Sum(i => weights[i]) / total;
        var fluency = Math.Exp(Math.Min(0, scores[answerIndex]));
        var confidence = Math.Sqrt(agreement * fluency) * Math.Pow(RejectedBeforeFactor, rejectedBefore);
        if (values is not null && HasMissingLiteral(sqls[answerIndex], values))
            confidence *= MissingLiteralFactor;
        return Math.Clamp(confidence, 0, 1);
    }

    /// <summary>Whether the SQL compares with a string the value index holds in no column (LIKE patterns and truncated indexes excepted).</summary>
    internal static bool HasMissingLiteral(string sql, ValueIndex values)
    {
        if (values.Columns.Any(c => c.IsTruncated))
            return false; // some values were not indexed: absence proves nothing
        foreach (Match literal in StringLiteral().Matches(sql))
        {
            var text = literal.Groups[1].Value.Replace("''", "'");
            if (text.Contains('%') || text.Contains('_') || text.Length == 0)
                continue;
            if (!values.Columns.Any(c => c.TextValues.Contains(text, StringComparer.Ordinal)))
                return true;
        }
        return false;
    }

    [GeneratedRegex(@"'((?:[^']|'')*)'")]
    private static partial Regex StringLiteral();
}
